import type { Locale, T } from '@/lib/i18n';

export interface RosterStudent {
  name: string;
  studentNumber: string;
  cohort: number;
  department: { nameZh: string; nameEn: string };
}

/** What the roster says about the student: shown, never editable here. */
export function RosterCard({ t, locale, student }: { t: T; locale: Locale; student: RosterStudent }) {
  return (
    <section className="rounded-2xl bg-slate-100 p-4" aria-labelledby="roster-title" data-testid="roster">
      <h2 id="roster-title" className="text-sm font-medium text-slate-600">
        {t('identity.roster.title')}
      </h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-base">
        <dt className="text-slate-600">{t('identity.roster.name')}</dt>
        <dd>{student.name}</dd>
        <dt className="text-slate-600">{t('home.studentNumber')}</dt>
        <dd className="font-mono" data-testid="roster-number">
          {student.studentNumber}
        </dd>
        <dt className="text-slate-600">{t('home.department')}</dt>
        <dd>{locale === 'zh-CN' ? student.department.nameZh : student.department.nameEn}</dd>
        <dt className="text-slate-600">{t('home.cohort')}</dt>
        <dd>{t('home.cohortValue', { cohort: student.cohort })}</dd>
      </dl>
      <p className="mt-2 text-xs text-slate-600">{t('identity.roster.hint')}</p>
    </section>
  );
}
