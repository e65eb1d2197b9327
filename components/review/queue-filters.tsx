import Link from 'next/link';
import type { Locale, T } from '@/lib/i18n';
import { QUEUE_SORTS, QUEUE_STATES } from '@/lib/domain/reviews';

interface Department {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

const select = 'tap rounded-lg border border-slate-300 bg-white px-2 text-sm';

/** A plain GET form: works without JavaScript, and the URL is the view (bookmark, share, back button). */
export function QueueFilters({
  t,
  locale,
  params,
  departments,
  cohorts,
  waitOptions,
}: {
  t: T;
  locale: Locale;
  params: Partial<Record<'state' | 'dept' | 'cohort' | 'mm' | 'dup' | 'wait' | 'sort', string>>;
  departments: Department[];
  cohorts: number[];
  waitOptions: readonly string[];
}) {
  return (
    <form
      className="mt-3 flex flex-wrap items-center gap-2 rounded-2xl bg-white p-3 shadow-sm"
      role="search"
      aria-label={t('review.filters.title')}
      data-testid="queue-filters"
    >
      <label className="sr-only" htmlFor="f-state">
        {t('review.filters.state')}
      </label>
      <select id="f-state" name="state" defaultValue={params.state ?? 'open'} className={select}>
        {QUEUE_STATES.map((s) => (
          <option key={s} value={s}>
            {t(`review.states.${s}`)}
          </option>
        ))}
      </select>
      {departments.length > 1 && (
        <>
          <label className="sr-only" htmlFor="f-dept">
            {t('review.filters.department')}
          </label>
          <select id="f-dept" name="dept" defaultValue={params.dept ?? ''} className={`${select} max-w-[12rem]`}>
            <option value="">{t('review.filters.anyDepartment')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {locale === 'zh-CN' ? d.nameZh : d.nameEn}
              </option>
            ))}
          </select>
        </>
      )}
      <label className="sr-only" htmlFor="f-cohort">
        {t('review.filters.cohort')}
      </label>
      <select id="f-cohort" name="cohort" defaultValue={params.cohort ?? ''} className={select}>
        <option value="">{t('review.filters.anyCohort')}</option>
        {cohorts.map((c) => (
          <option key={c} value={c}>
            {t('review.filters.cohortValue', { cohort: c })}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="f-wait">
        {t('review.filters.wait')}
      </label>
      <select id="f-wait" name="wait" defaultValue={params.wait ?? ''} className={select}>
        <option value="">{t('review.filters.anyWait')}</option>
        {waitOptions.map((w) => (
          <option key={w} value={w}>
            {w === 'overdue' ? t('review.filters.overdue') : t('review.filters.minWait', { n: w })}
          </option>
        ))}
      </select>
      <label className="tap inline-flex items-center gap-2 rounded-lg border border-slate-300 px-3 text-sm">
        <input type="checkbox" name="mm" value="1" defaultChecked={params.mm === '1'} className="h-5 w-5" />
        {t('review.filters.mismatches')}
      </label>
      <label className="tap inline-flex items-center gap-2 rounded-lg border border-slate-300 px-3 text-sm">
        <input type="checkbox" name="dup" value="1" defaultChecked={params.dup === '1'} className="h-5 w-5" />
        {t('review.filters.duplicates')}
      </label>
      <label className="sr-only" htmlFor="f-sort">
        {t('review.filters.sort')}
      </label>
      <select id="f-sort" name="sort" defaultValue={params.sort ?? 'oldest'} className={select}>
        {QUEUE_SORTS.map((s) => (
          <option key={s} value={s}>
            {t(`review.sorts.${s}`)}
          </option>
        ))}
      </select>
      <div className="ml-auto flex gap-2">
        <Link href="/staff/reviews" className="tap inline-flex items-center rounded-lg px-3 text-sm text-slate-600 hover:bg-slate-100">
          {t('review.filters.reset')}
        </Link>
        <button type="submit" className="tap rounded-lg bg-brand-600 px-4 text-sm font-medium text-white">
          {t('review.filters.apply')}
        </button>
      </div>
    </form>
  );
}
