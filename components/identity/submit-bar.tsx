import type { ClientT } from '@/lib/client/t';
import type { SaveStatus } from './use-autosave';

export type Banner = { kind: 'network' } | { kind: 'queued' } | { kind: 'error'; message: string } | null;

/** The submit button with what the student needs next to it: the outcome, and where the draft is. */
export function SubmitBar({
  t,
  banner,
  status,
  submitting,
  photosBusy,
  onRetry,
}: {
  t: ClientT;
  banner: Banner;
  status: SaveStatus;
  submitting: boolean;
  photosBusy: boolean;
  onRetry: () => void;
}) {
  const statusText: Partial<Record<SaveStatus, string>> = {
    saving: t('identity.draft.saving'),
    device: t('identity.draft.savedDevice'),
    server: t('identity.draft.savedServer'),
    offline: t('identity.draft.offline'),
    restored: t('identity.draft.restored'),
  };
  return (
    <div className="space-y-3 pb-2">
      <div role="alert" aria-live="assertive">
        {banner?.kind === 'network' && (
          <button
            type="button"
            onClick={onRetry}
            className="tap w-full rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-left text-base text-amber-900"
            data-testid="submit-network"
          >
            {t('identity.submit.network')}
          </button>
        )}
        {banner?.kind === 'queued' && (
          <p className="rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-base text-amber-900" data-testid="submit-queued">
            {t('outbox.queuedSubmit')}
          </p>
        )}
        {banner?.kind === 'error' && (
          <p className="rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-base text-red-800" data-testid="form-error">
            {t(banner.message)}
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={submitting || photosBusy}
        className="tap w-full rounded-xl bg-brand-600 px-4 py-3 text-lg font-medium text-white shadow-sm hover:bg-brand-700 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        data-testid="identity-submit"
      >
        {submitting ? t('identity.submit.submitting') : t('identity.submit.button')}
      </button>
      <p className="min-h-5 text-center text-sm text-slate-500" aria-live="polite" data-testid="draft-status" data-status={status}>
        {statusText[status] ?? ''}
      </p>
    </div>
  );
}
