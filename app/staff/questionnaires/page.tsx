import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { listCampaigns } from '@/lib/server/campaigns/list-campaigns';
import { listQuestionnaires } from '@/lib/server/questionnaires/list';
import { createQuestionnaireAction } from './actions';
import { tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getT();
  return { title: t('questionnaires.title') };
}

export default async function QuestionnairesPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [access, { t }, sp] = await Promise.all([getAccess(), getT(), searchParams]);
  if (!hasRole(access, 'registrar')) redirect('/staff');
  const [rows, campaigns] = await Promise.all([listQuestionnaires({ access }), listCampaigns({ access })]);
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
                  {q.send_when !== 'now' && (
                    <>
                      {' · '}
                      {t(`questionnaires.sendWhenOptions.${q.send_when}`)}
                      {q.campaign_name ? `：${q.campaign_name}` : ''}
                    </>
                  )}
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
            {tKnown(t, sp.error, undefined, t('errors.internal'))}
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
        <fieldset className="grid gap-2" aria-describedby="send-when-help">
          <legend className="mb-1">{t('questionnaires.sendWhen')}</legend>
          {(['now', 'after_verification', 'campaign_close'] as const).map((w) => (
            <label key={w} className="flex items-center gap-2">
              <input type="radio" name="sendWhen" value={w} defaultChecked={w === 'now'} /> {t(`questionnaires.sendWhenOptions.${w}`)}
            </label>
          ))}
          <label className="grid gap-1 pl-6">
            <span>{t('questionnaires.campaign')}</span>
            <select name="campaignId" defaultValue="" className="tap rounded-lg border border-slate-300 px-2">
              <option value="">{t('questionnaires.chooseCampaign')}</option>
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} · {c.semester}
                </option>
              ))}
            </select>
          </label>
          <span id="send-when-help" className="text-xs text-slate-500">
            {t('questionnaires.sendWhenHelp')}
          </span>
        </fieldset>
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
