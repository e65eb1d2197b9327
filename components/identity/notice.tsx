import { tKnown, type T } from '@/lib/i18n';

const SECTIONS = ['collected', 'purpose', 'recipients', 'retention', 'rights'] as const;

/** The privacy notice (PIPL arts. 14, 17), read before the first submission; a plain form, no client JS. */
/** `action` is the page's server action (components never import app/). */
export function NoticeStep({
  t,
  version,
  error,
  accepted = false,
  action,
}: {
  t: T;
  version: string;
  error?: string | null;
  accepted?: boolean;
  action: (formData: FormData) => Promise<void>;
}) {
  return (
    <section className="rounded-2xl bg-white p-5 shadow-sm" aria-labelledby="notice-title" data-testid="notice">
      <h1 id="notice-title" className="text-xl font-semibold">
        {t('notice.title')}
      </h1>
      <p className="mt-1 text-xs text-slate-500" data-testid="notice-version">
        {t('notice.version', { version })}
      </p>
      <p className="mt-3 text-base text-slate-700">{t('notice.intro')}</p>
      {error && (
        <p role="alert" className="mt-3 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {tKnown(t, error)}
        </p>
      )}
      <dl className="mt-4 space-y-4">
        {SECTIONS.map((s) => (
          <div key={s}>
            <dt className="text-base font-semibold text-slate-900">{t(`notice.${s}.title`)}</dt>
            <dd className="mt-1 text-base leading-relaxed text-slate-700">{t(`notice.${s}.body`)}</dd>
          </div>
        ))}
      </dl>
      {accepted ? (
        <p className="mt-6 rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-800" data-testid="notice-accepted">
          {t('notice.accepted')}
        </p>
      ) : (
        <form action={action} className="mt-6">
          <input type="hidden" name="version" value={version} />
          <button
            type="submit"
            className="tap w-full rounded-xl bg-brand-600 px-4 py-3 text-base font-medium text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
            data-testid="notice-accept"
          >
            {t('notice.acknowledge')}
          </button>
        </form>
      )}
    </section>
  );
}
