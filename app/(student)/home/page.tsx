import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { HomeTaskCard } from './task-card';
import { DocumentRequestsCard } from './requests-card';
import { QuestionnairesCard } from './questionnaires-card';
import { ReturnedItems, StatusTimeline } from '@/components/identity/status-timeline';
import { RememberStatus } from '@/components/outbox/remember-status';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';
import { getMyRecord, type MyRecord } from '@/lib/server/identity/get-my-record';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('nav.home') };
}

const ACTION: Record<MyRecord['state'], 'fill' | 'view' | 'fix'> = {
  none: 'fill',
  draft: 'fill',
  returned: 'fix',
  submitted: 'view',
  in_review: 'view',
  verified: 'view',
  escalated: 'view',
};

export default async function StudentHome() {
  const access = await getAccess();
  if (!access?.student) redirect('/');
  const [{ t, locale }, record] = await Promise.all([getT(), getMyRecord({ access })]);
  const s = access.student;
  const action = ACTION[record.state];
  const primary = action !== 'view';
  return (
    <div className="space-y-4">
      <section className="rounded-2xl bg-white p-5 shadow-sm" aria-labelledby="me">
        <h1 id="me" className="text-xl font-semibold" data-testid="student-name">
          {t('home.greeting', { name: s.name })}
        </h1>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-500">{t('home.studentNumber')}</dt>
          <dd className="font-mono" data-testid="student-number">
            {s.studentNumber}
          </dd>
          <dt className="text-slate-500">{t('home.department')}</dt>
          <dd data-testid="student-department">{locale === 'zh-CN' ? s.department.nameZh : s.department.nameEn}</dd>
          <dt className="text-slate-500">{t('home.cohort')}</dt>
          <dd>{t('home.cohortValue', { cohort: s.cohort })}</dd>
        </dl>
      </section>
      {/* Semester confirmation (task-card.tsx): renders nothing without a task. */}
      <HomeTaskCard />
      {/* Documents the verification office asked for (requests-card.tsx): renders nothing without a request. */}
      <DocumentRequestsCard />
      {/* A questionnaire waiting for this student's answer (questionnaires-card.tsx): nothing otherwise. */}
      <QuestionnairesCard />
      <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm" aria-labelledby="progress" data-testid="identity-status" data-state={record.state}>
        <div>
          <h2 id="progress" className="text-base font-semibold">
            {t('home.progress')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t(`home.stateBody.${record.state}`)}</p>
        </div>
        <StatusTimeline t={t} locale={locale} record={record} />
        {/* The offline page shows this when the network is gone (kept in IndexedDB, not a cache). */}
        <RememberStatus state={record.state} label={t(`home.stateBody.${record.state}`)} locale={locale} />
        {record.state === 'returned' && record.returned && <ReturnedItems t={t} returned={record.returned} />}
        <Link
          href="/identity"
          className={`tap flex w-full items-center justify-center rounded-xl px-4 py-3 text-base font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${
            primary ? 'bg-brand-600 text-white shadow-sm hover:bg-brand-700' : 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50'
          }`}
          data-testid="identity-action"
        >
          {t(`home.actions.${action}`)}
        </Link>
      </section>
    </div>
  );
}
