import Link from 'next/link';
import type { T } from '@/lib/i18n';
import type { CaseListPage } from '@/lib/server/cases/list-cases';
import { CASE_KINDS, CASE_STATUSES } from '@/lib/domain/cases';
import { filterQuery, type CaseFilters } from '@/lib/domain/case-filters';
import { Chip, KindChip, LegalChip, StatusChip } from './chips';

const DAY = 24 * 60 * 60 * 1000;

/** Whole days a case has been open (or was open, once closed): what the office is measured on. */
export function caseAgeLabel(t: T, openedAt: Date, closedAt: Date | null, now: number): string {
  const days = Math.floor(((closedAt?.getTime() ?? now) - openedAt.getTime()) / DAY);
  return days < 1 ? t('cases.ageToday') : t('cases.age', { n: days });
}

/** The list half of the cases screen: filters, one row per case, keyset paging. */
export function CaseList({
  t,
  page,
  filters,
  selectedId,
  now,
  schoolOf,
}: {
  t: T;
  page: CaseListPage;
  filters: CaseFilters;
  selectedId?: string;
  now: number;
  /** the school's name in the page's language, by department code */
  schoolOf: (code: string) => string;
}) {
  const select = 'tap w-full min-w-0 rounded-lg border border-slate-300 bg-white px-2 text-sm';
  return (
    <section className="border-r border-slate-200 bg-white" aria-label={t('cases.title')}>
      <form action="/staff/cases" className="grid grid-cols-3 items-end gap-2 border-b border-slate-200 p-3" data-testid="case-filters">
        <label className="flex min-w-0 flex-col text-xs text-slate-500">
          {t('cases.filters.status')}
          <select name="status" defaultValue={filters.status} className={select}>
            <option value="active">{t('cases.filters.active')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
            <option value="all">{t('cases.filters.all')}</option>
          </select>
        </label>
        <label className="flex min-w-0 flex-col text-xs text-slate-500">
          {t('cases.filters.kind')}
          <select name="kind" defaultValue={filters.kind ?? ''} className={select}>
            <option value="">{t('cases.filters.any')}</option>
            {CASE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`cases.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 flex-col text-xs text-slate-500">
          {t('cases.filters.assignee')}
          <select name="assignee" defaultValue={filters.assignee ?? ''} className={select}>
            <option value="">{t('cases.filters.any')}</option>
            <option value="me">{t('cases.filters.mine')}</option>
            <option value="none">{t('cases.filters.unassigned')}</option>
          </select>
        </label>
        <button type="submit" className="tap col-span-3 rounded-lg bg-brand-600 px-3 text-sm text-white">
          {t('cases.filters.apply')}
        </button>
      </form>
      <p className="px-4 py-2 text-xs text-slate-500">{t('cases.count', { n: page.rows.length })}</p>
      {page.rows.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">{t('cases.empty')}</p>
      ) : (
        <ul className="max-h-[calc(100dvh-12rem)] overflow-y-auto" data-testid="case-list">
          {page.rows.map((r) => (
            <li key={r.id}>
              <Link
                href={`/staff/cases/${r.id}${filterQuery(filters)}`}
                aria-current={r.id === selectedId ? 'true' : undefined}
                className={`block border-b border-slate-100 px-4 py-2 text-sm ${r.id === selectedId ? 'bg-brand-50' : 'hover:bg-slate-50'}`}
                data-testid={`case-row-${r.id}`}
              >
                <span className="flex flex-wrap items-center gap-1">
                  <StatusChip status={r.status} label={t(`cases.status.${r.status}`)} />
                  <KindChip kind={r.kind} label={t(`cases.kind.${r.kind}`)} />
                  {r.legalConsultation && <LegalChip label={t('cases.legalFlag')} />}
                  {r.outcome && <Chip>{t(`cases.outcome.${r.outcome}`)}</Chip>}
                </span>
                <span className="mt-1 flex items-baseline justify-between gap-2">
                  <span className="min-w-0 truncate">
                    <span className="font-medium">{r.student?.name ?? '—'}</span>
                    {r.student && (
                      <span className="ml-2 font-mono text-xs text-slate-500">
                        {r.student.studentNumber} · {schoolOf(r.student.departmentCode)}
                      </span>
                    )}
                  </span>
                  <span className="shrink-0 text-xs text-slate-500" title={r.openedAt.toISOString()}>
                    {caseAgeLabel(t, r.openedAt, r.closedAt, now)}
                  </span>
                </span>
                <span className="mt-0.5 flex justify-between gap-2 text-xs text-slate-500">
                  <span className="truncate">{r.assignee ? (r.assignee.name ?? '—') : t('cases.unassigned')}</span>
                  {r.openRequests > 0 && <span className="shrink-0 text-violet-700">{t('cases.openRequests', { n: r.openRequests })}</span>}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <nav className="flex justify-between gap-2 p-3 text-sm">
        {filters.cursor ? (
          <Link className="tap inline-flex items-center text-brand-700" href={`/staff/cases${filterQuery(filters)}`}>
            {t('cases.first')}
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor && (
          <Link className="tap inline-flex items-center text-brand-700" href={`/staff/cases${filterQuery(filters, { cursor: page.nextCursor })}`}>
            {t('cases.next')}
          </Link>
        )}
      </nav>
    </section>
  );
}
