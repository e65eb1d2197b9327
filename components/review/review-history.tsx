import { dateFormat } from '@/lib/domain/dates';
import type { Locale, T } from '@/lib/i18n';
import type { CheckView, ReviewView } from '@/lib/server/reviews/open-review';
import { keyIn } from '@/lib/i18n';
import { tKnown } from '@/lib/i18n';

/** What happened to the record so far, and the automatic checks recorded at submission. */
export function ReviewHistory({
  t,
  locale,
  events,
  submitChecks,
  comparedAt,
}: {
  t: T;
  locale: Locale;
  events: ReviewView['events'];
  submitChecks: CheckView[];
  comparedAt: Date | null;
}) {
  const date = dateFormat(locale, 'dateTime');
  const flagged = submitChecks.filter((c) => c.severity !== 'info' || c.code !== 'ok');
  return (
    <section className="grid gap-3 md:grid-cols-2">
      <div className="rounded-2xl bg-white p-4 shadow-sm">
        <h2 className="text-sm font-medium text-slate-500">{t('review.screen.history')}</h2>
        <ol className="mt-2 space-y-2 text-sm" data-testid="review-history">
          {events.map((e, i) => (
            <li key={i}>
              <span className="text-slate-500">{date.format(e.at)}</span> · <span className="font-medium">{t(keyIn('review.events', e.kind))}</span>
              {e.actor && <span className="text-slate-600"> · {e.actor}</span>}
              {e.reasons.length > 0 && (
                <ul className="ml-4 list-disc text-slate-600">
                  {e.reasons.map((r, j) => (
                    <li key={j}>
                      {targetLabel(t, r.target)}: {t(keyIn('reasons', r.code))}
                      {r.comment ? ` — ${r.comment}` : ''}
                    </li>
                  ))}
                </ul>
              )}
              {e.comment && <p className="ml-4 text-slate-600">“{e.comment}”</p>}
            </li>
          ))}
        </ol>
      </div>
      <div className="rounded-2xl bg-white p-4 shadow-sm">
        <h2 className="text-sm font-medium text-slate-500">{t('review.screen.checks')}</h2>
        <p className="mt-1 text-xs text-slate-500">
          {comparedAt ? t('review.screen.comparedAt', { date: date.format(comparedAt) }) : t('review.list.notCompared')}
        </p>
        {flagged.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{t('review.screen.checksOk')}</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm text-slate-700">
            {flagged.map((c, i) => {
              return <li key={i}>{tKnown(t, `compare.submit.${c.rule}_${c.code}`, undefined, `${c.rule} · ${c.code}`)}</li>;
            })}
          </ul>
        )}
      </div>
    </section>
  );
}

/** 'field:legalName' → the field's label, 'document:id_front' → the photo's name, as the form shows them. */
function targetLabel(t: T, target: string): string {
  if (target.startsWith('field:')) return t(keyIn('identity.fields', target.slice(6), '.label'));
  if (target.startsWith('document:')) return t(keyIn('photo.kinds', target.slice(9)));
  return target;
}
