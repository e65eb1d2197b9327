import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { listQuestionnaires } from '@/lib/server/questionnaires/list';
import { createQuestionnaireAction } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('questionnaires.title') };
}

export default async function QuestionnairesPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [access, { t }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!hasRole(access, 'registrar')) redirect('/staff');
  const rows = await listQuestionnaires({ access });
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-6">
      <h1 className="text-xl font-semibold">{t('questionnaires.title')}</h1>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t('questionnaires.empty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-2xl bg-white shadow-sm">
          {rows.map((q) => (
            <li key={q.id}>
              <Link href={`/staff/questionnaires/${q.id}`} className="tap flex items-center justify-between gap-2 px-4 py-3 hover:bg-slate-50">
                <span className="font-medium">{q.title}</span>
                <span className="text-sm text-slate-500">
                  {t(`questionnaires.status.${q.status as 'draft'}`)} · {t('questionnaires.responses', { n: q.responses })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <form action={createQuestionnaireAction} className="grid gap-3 rounded-2xl bg-white p-5 text-sm shadow-sm" aria-label={t('questionnaires.new')}>
        <h2 className="text-lg font-semibold">{t('questionnaires.new')}</h2>
        {sp.error && (
          <p role="alert" className="text-red-700">
            {t(sp.error as never)}
          </p>
        )}
        <label className="grid gap-1">
          <span>{t('questionnaires.name')}</span>
          <input name="title" required maxLength={100} className="tap rounded-lg border border-slate-300 px-3" />
        </label>
        <label className="grid gap-1">
          <span>{t('questionnaires.description')}</span>
          <input name="description" maxLength={1000} className="tap rounded-lg border border-slate-300 px-3" />
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="anonymous" /> {t('questionnaires.anonymous')}
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="toStudents" defaultChecked /> {t('questionnaires.toStudents')}
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="toOffices" /> {t('questionnaires.toOffices')}
        </label>
        <label className="grid gap-1">
          <span>{t('questionnaires.questions')}</span>
          <textarea name="questions" rows={6} required className="rounded-lg border border-slate-300 p-3 font-mono" aria-describedby="q-help" />
          <span id="q-help" className="text-xs text-slate-500">
            {t('questionnaires.questionsHelp')}
          </span>
        </label>
        <button type="submit" className="tap rounded-lg bg-brand-600 px-4 text-white">
          {t('questionnaires.create')}
        </button>
      </form>
    </div>
  );
}
