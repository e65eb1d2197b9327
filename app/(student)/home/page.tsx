import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('nav.home') };
}

export default async function StudentHome() {
  const access = await getAccess();
  if (!access?.student) redirect('/');
  const { t, locale } = await getT();
  const s = access.student;
  return (
    <div className="space-y-4">
      <section className="rounded-2xl bg-white p-5 shadow-sm" aria-labelledby="me">
        <h1 id="me" className="text-xl font-semibold" data-testid="student-name">
          {t('home.greeting', { name: s.name })}
        </h1>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-500">{t('home.studentNumber')}</dt>
          <dd className="font-mono" data-testid="student-number">{s.studentNumber}</dd>
          <dt className="text-slate-500">{t('home.department')}</dt>
          <dd data-testid="student-department">{locale === 'zh-CN' ? s.department.nameZh : s.department.nameEn}</dd>
          <dt className="text-slate-500">{t('home.cohort')}</dt>
          <dd>{t('home.cohortValue', { cohort: s.cohort })}</dd>
        </dl>
      </section>
      <section className="rounded-2xl border border-dashed border-slate-300 bg-white p-5" aria-labelledby="next">
        <h2 id="next" className="text-base font-medium">{t('home.nextStep')}</h2>
        <p className="mt-1 text-sm text-slate-600">{t('home.nextStepBody')}</p>
      </section>
    </div>
  );
}
