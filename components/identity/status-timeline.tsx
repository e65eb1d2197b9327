import type { Locale, T } from '@/lib/i18n';
import type { MyRecord } from '@/lib/server/identity/get-my-record';
import { formatDateTime } from './format';
import { keyIn } from '@/lib/i18n';

const STEPS = ['draft', 'submitted', 'in_review', 'returned', 'verified'] as const;
type Step = (typeof STEPS)[number];

function currentStep(state: MyRecord['state']): Step | null {
  if (state === 'none') return null;
  // Escalated records wait at the review step, with the verification office instead of the school.
  return state === 'escalated' ? 'in_review' : state;
}

function latest(record: MyRecord, kinds: string[]): Date | null {
  const e = [...record.timeline].reverse().find((x) => kinds.includes(x.kind));
  return e?.at ?? null;
}

function stepDate(record: MyRecord, step: Step): Date | null {
  switch (step) {
    case 'draft':
      return record.draftSavedAt;
    case 'submitted':
      return latest(record, ['submitted', 'resubmitted']) ?? record.current?.submittedAt ?? null;
    case 'in_review':
      return latest(record, record.state === 'escalated' ? ['escalated'] : ['claimed']);
    case 'returned':
      return latest(record, ['returned']);
    case 'verified':
      return latest(record, ['verified']);
  }
}

/** draft → submitted → in review → returned → verified, the current step highlighted. */
export function StatusTimeline({ t, locale, record }: { t: T; locale: Locale; record: MyRecord }) {
  const current = currentStep(record.state);
  const at = current ? STEPS.indexOf(current) : -1;
  return (
    <ol className="space-y-0" data-testid="timeline">
      {STEPS.map((step, i) => {
        const date = stepDate(record, step);
        // A step before the current one that never happened (no return on the way to verified).
        const skipped = i < at && step === 'returned' && !date;
        const state = i === at ? 'current' : i < at && !skipped ? 'done' : 'todo';
        const label = step === 'in_review' && record.state === 'escalated' ? t('home.steps.escalated') : t(`home.steps.${step}`);
        const warn = state === 'current' && step === 'returned';
        const dot =
          state === 'current'
            ? warn
              ? 'border-red-600 bg-red-600'
              : 'border-brand-600 bg-brand-600'
            : state === 'done'
              ? 'border-emerald-600 bg-emerald-600'
              : 'border-slate-300 bg-white';
        return (
          <li
            key={step}
            className="relative flex gap-3 pb-4 last:pb-0"
            aria-current={state === 'current' ? 'step' : undefined}
            data-step={step}
            data-state={state}
          >
            {i < STEPS.length - 1 && (
              <span aria-hidden className={`absolute left-[11px] top-6 h-[calc(100%-1.25rem)] w-0.5 ${i < at ? 'bg-emerald-600' : 'bg-slate-200'}`} />
            )}
            <span
              aria-hidden
              className={`relative z-[1] mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full border-2 text-xs text-white ${dot}`}
            >
              {state === 'done' ? '✓' : state === 'current' ? '●' : ''}
            </span>
            <div className="min-w-0">
              <p
                className={`text-base ${state === 'current' ? `font-semibold ${warn ? 'text-red-700' : 'text-brand-700'}` : state === 'done' ? 'text-slate-800' : 'text-slate-500'}`}
              >
                {label}
              </p>
              {date && state !== 'todo' && <p className="text-sm text-slate-500">{formatDateTime(date, locale)}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** What the reviewer returned, each item with its reason and comment, in the student's language. */
export function ReturnedItems({ t, returned }: { t: T; returned: NonNullable<MyRecord['returned']> }) {
  const targetLabel = (target: string) =>
    target.startsWith('field:')
      ? t(keyIn('identity.fields', target.slice(6), '.label'))
      : target.startsWith('document:')
        ? t(keyIn('photo.kinds', target.slice(9)))
        : target;
  return (
    <div className="rounded-xl border border-red-200 bg-red-50 p-4" data-testid="returned-items">
      <h3 className="text-base font-medium text-red-900">{t('home.returnedTitle')}</h3>
      <ul className="mt-2 space-y-2">
        {returned.reasons.map((r) => (
          <li key={r.target + r.code} className="text-sm text-red-900">
            <span className="block font-medium">{targetLabel(r.target)}</span>
            {t(keyIn('reasons', r.code))}
            {r.comment && <span className="block text-red-800/80">{t('identity.returned.comment', { comment: r.comment })}</span>}
          </li>
        ))}
      </ul>
      {returned.comment && <p className="mt-2 text-sm text-red-800">{t('identity.returned.comment', { comment: returned.comment })}</p>}
    </div>
  );
}
