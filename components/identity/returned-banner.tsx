import type { T } from '@/lib/i18n';

/** "Your details were returned": the banner above the form after a reviewer returned it, with their comment. */
export function ReturnedBanner({ t, comment }: { t: T; comment: string | null | undefined }) {
  return (
    <div role="status" className="rounded-2xl border border-red-200 bg-red-50 p-4 text-base text-red-900" data-testid="returned-banner">
      <p>{t('identity.returned.banner')}</p>
      {comment && <p className="mt-2 text-sm">{t('identity.returned.comment', { comment })}</p>}
    </div>
  );
}
