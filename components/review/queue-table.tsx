import { dateFormat } from '@/lib/domain/dates';
import Link from 'next/link';
import type { Locale, T } from '@/lib/i18n';
import type { QueueItem } from '@/lib/server/reviews/list-queue';
import { StateBadge } from './state-badge';

const LATENESS_CLASS = { overdue: 'bg-red-100 text-red-800 font-semibold', due: 'bg-amber-100 text-amber-900', ok: 'text-slate-600' } as const;

/** One row per submission; the whole row opens the review (a 44 px target on a tablet). */
export function QueueTable({ t, locale, items, hrefOf }: { t: T; locale: Locale; items: QueueItem[]; hrefOf: (id: string) => string }) {
  if (!items.length)
    return (
      <p className="mt-6 text-center text-sm text-slate-500" data-testid="queue-empty">
        {t('review.list.empty')}
      </p>
    );
  const date = dateFormat(locale, 'dayTime');
  return (
    <ul className="mt-3 divide-y divide-slate-100 overflow-hidden rounded-2xl bg-white shadow-sm" data-testid="queue">
      {items.map((i) => (
        <li key={i.id}>
          <Link
            href={hrefOf(i.id)}
            className="tap grid grid-cols-[minmax(9rem,1.2fr)_minmax(7rem,0.9fr)_minmax(11rem,1.2fr)_minmax(7rem,1fr)] items-center gap-3 px-4 py-2 text-sm hover:bg-slate-50"
            data-testid="queue-item"
          >
            <span className="min-w-0">
              <span className="block truncate font-medium">{i.name}</span>
              <span className="block font-mono text-xs text-slate-500">
                {i.studentNumber} · {locale === 'zh-CN' ? i.department.nameZh : i.department.nameEn} · {t('review.filters.cohortValue', { cohort: i.cohort })}
              </span>
            </span>
            <span className="flex flex-col items-start gap-1">
              <StateBadge t={t} state={i.state} />
              {i.claim && (
                <span className={`text-xs ${i.claim.live ? 'text-slate-700' : 'text-slate-500 line-through'}`} data-testid="queue-claim">
                  {i.claim.mine ? t('review.list.claimedByMe') : t('review.list.claimedBy', { name: i.claim.name ?? t('review.list.unknownReviewer') })}
                </span>
              )}
            </span>
            <span className="flex flex-col items-start gap-1">
              <span className="flex flex-wrap items-center gap-1 text-xs" data-lateness={i.lateness}>
                {i.lateness !== 'ok' && (
                  <span className={`rounded px-1.5 py-0.5 ${LATENESS_CLASS[i.lateness]}`}>
                    {t(i.lateness === 'overdue' ? 'review.list.overdue' : 'review.list.due')}
                  </span>
                )}
                <span className={i.lateness === 'overdue' ? 'font-medium text-red-800' : 'text-slate-600'}>{t('review.list.waited', { n: i.waitedDays })}</span>
              </span>
              {i.submittedAt && <span className="text-xs text-slate-500">{date.format(i.submittedAt)}</span>}
            </span>
            <span className="flex flex-wrap gap-1">
              {!i.compared && <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{t('review.list.notCompared')}</span>}
              {i.compared && i.mismatchCount === 0 && !i.duplicateSuspected && (
                <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800">{t('review.list.consistent')}</span>
              )}
              {i.mismatchCount > 0 && (
                <span className="rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-800">{t('review.list.mismatches', { n: i.mismatchCount })}</span>
              )}
              {i.duplicateSuspected && <span className="rounded bg-purple-100 px-1.5 py-0.5 text-xs text-purple-900">{t('review.list.duplicate')}</span>}
              {i.returnCount > 0 && (
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{t('review.list.returns', { n: i.returnCount })}</span>
              )}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
