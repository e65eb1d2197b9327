import { notFound } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { getQuestionnaireForAnswer } from '@/lib/server/questionnaires/get-for-answer';
import { answerQuestionnaireAction } from '../actions';
import { tKnown } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

/** Plain HTML form controls, no client JavaScript: light on a phone, works on a slow network. */
export default async function AnswerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ thanks?: string; already?: string; error?: string }>;
}) {
  const [access, { t }, { id }, sp] = await Promise.all([getAccess(), getT(), params, searchParams]);
  // Unknown, closed or not meant for this person (or a malformed id): the not-found page, not a 500.
  const q = await getQuestionnaireForAnswer({ access, input: { id } }).catch((e: unknown) => {
    const code = toAppError(e).code;
    if (code === 'not_found' || code === 'invalid_input') notFound();
    throw e;
  });
  if (sp.thanks || q.answered) {
    return (
      <div className="p-4">
        <h1 className="text-xl font-semibold">{q.title}</h1>
        <p role="status" className="mt-3 rounded-lg bg-green-50 p-3 text-green-800" data-testid="answer-done">
          {sp.thanks ? t('questionnaires.thanks') : t('questionnaires.alreadyAnswered')}
        </p>
      </div>
    );
  }
  return (
    <form action={answerQuestionnaireAction} className="space-y-4 p-4">
      <h1 className="text-xl font-semibold">{q.title}</h1>
      {q.description && <p className="text-sm text-slate-600">{q.description}</p>}
      {q.anonymous && <p className="rounded-lg bg-slate-100 p-3 text-sm">{t('questionnaires.anonymousNote')}</p>}
      {sp.error && (
        <p role="alert" className="text-sm text-red-700">
          {tKnown(t, sp.error, undefined, t('errors.internal'))}
        </p>
      )}
      <input type="hidden" name="questionnaireId" value={q.id} />
      <input
        type="hidden"
        name="multi"
        value={q.questions
          .filter((x) => x.kind === 'multiple')
          .map((x) => x.id)
          .join(',')}
      />
      {q.questions.map((x) => (
        <fieldset key={x.id} className="rounded-2xl bg-white p-4 shadow-sm">
          <legend id={`q-${x.id}-legend`} className="px-1 font-medium">
            {x.position}. {x.prompt}
            {!x.required && t('questionnaires.optional')}
          </legend>
          {(x.kind === 'single' || x.kind === 'multiple') &&
            x.options.map((o) => (
              <label key={o} className="tap flex items-center gap-3">
                <input
                  type={x.kind === 'single' ? 'radio' : 'checkbox'}
                  name={`q:${x.id}`}
                  value={o}
                  required={x.kind === 'single' && x.required}
                  className="h-5 w-5"
                />{' '}
                {o}
              </label>
            ))}
          {x.kind === 'scale' && (
            <div className="mt-2">
              <div className="flex justify-between gap-1">
                {[1, 2, 3, 4, 5].map((n) => (
                  <label key={n} className="tap flex flex-1 flex-col items-center rounded-lg border border-slate-200">
                    <input type="radio" name={`q:${x.id}`} value={n} required={x.required} className="h-5 w-5" aria-label={String(n)} /> {n}
                  </label>
                ))}
              </div>
              <div className="mt-1 flex justify-between text-xs text-slate-500">
                <span>{t('questionnaires.scaleLow')}</span>
                <span>{t('questionnaires.scaleHigh')}</span>
              </div>
            </div>
          )}
          {x.kind === 'text' && (
            <textarea
              name={`q:${x.id}`}
              aria-labelledby={`q-${x.id}-legend`}
              rows={3}
              maxLength={2000}
              required={x.required}
              className="mt-2 w-full rounded-lg border border-slate-300 p-3"
            />
          )}
        </fieldset>
      ))}
      <button type="submit" className="tap w-full rounded-xl bg-brand-600 font-medium text-white">
        {t('questionnaires.submit')}
      </button>
    </form>
  );
}
