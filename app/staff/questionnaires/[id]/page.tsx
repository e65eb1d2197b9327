import Link from 'next/link';
import { redirect } from 'next/navigation';
import { BarChart } from '@/components/charts/bar-chart';
import { getT } from '@/lib/i18n/server';
import { hasRole } from '@/lib/server/auth/access';
import { getAccess } from '@/lib/server/auth/session';
import { questionnaireResults } from '@/lib/server/questionnaires/results';
import { setQuestionnaireStatusAction } from '../actions';
import { tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export default async function QuestionnaireResultsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const [access, { t }, { id }, sp] = await Promise.all([getAccess(), getT(), params, searchParams]);
  if (!hasRole(access, 'registrar')) redirect('/staff');
  const { questionnaire: q, responses, results } = await questionnaireResults({ access, input: { id } });
  return (
    <div className="mx-auto max-w-3xl space-y-4 p-6">
      <Link href="/staff/questionnaires" className="text-sm text-brand-700 underline">
        ← {t('questionnaires.title')}
      </Link>
      <h1 className="text-xl font-semibold">{q.title}</h1>
      <p className="text-sm text-slate-600">
        {t(`questionnaires.status.${q.status as 'draft'}`)} · {t('questionnaires.responses', { n: responses })}
        {q.anonymous ? ` · ${t('questionnaires.anonymous')}` : ''}
      </p>
      {sp.error && (
        <p role="alert" className="text-sm text-red-700">
          {tKnown(t, sp.error, undefined, t('errors.internal'))}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {q.status === 'draft' && (
          <form action={setQuestionnaireStatusAction}>
            <input type="hidden" name="id" value={q.id} />
            <input type="hidden" name="status" value="open" />
            <button className="tap rounded-lg bg-brand-600 px-4 text-white">{t('questionnaires.send')}</button>
          </form>
        )}
        {q.status === 'open' && (
          <form action={setQuestionnaireStatusAction}>
            <input type="hidden" name="id" value={q.id} />
            <input type="hidden" name="status" value="closed" />
            <button className="tap rounded-lg border border-slate-300 px-4">{t('questionnaires.close')}</button>
          </form>
        )}
        <a href={`/staff/questionnaires/${q.id}/export`} className="tap inline-flex items-center rounded-lg border border-slate-300 px-4">
          {t('questionnaires.export')}
        </a>
      </div>
      {results.map((r) => (
        <section key={r.id} className="rounded-2xl bg-white p-5 shadow-sm" data-testid="question-result">
          <h2 className="font-medium">
            {r.position}. {r.prompt}
          </h2>
          <p className="text-xs text-slate-500">
            {t('questionnaires.answered', { n: r.answered })}
            {r.mean !== null ? ` · ${t('questionnaires.mean', { mean: r.mean })}` : ''}
          </p>
          {r.kind === 'text' ? (
            r.texts.length ? (
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
                {r.texts.map((x, i) => (
                  <li key={i}>{x}</li>
                ))}
              </ul>
            ) : (
              <p className="mt-2 text-sm text-slate-500">{t('questionnaires.noText')}</p>
            )
          ) : (
            <BarChart
              data={r.counts.map((c) => ({ label: c.label, value: c.n }))}
              label={t('questionnaires.chartLabel', { prompt: r.prompt })}
              caption={r.prompt}
              columns={[t('questionnaires.option'), t('questionnaires.count')]}
            />
          )}
        </section>
      ))}
    </div>
  );
}
