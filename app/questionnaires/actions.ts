'use server';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { answerQuestionnaire } from '@/lib/server/questionnaires/answer';

/** Form fields are q:<question id>; a multiple-choice question sends several. */
export async function answerQuestionnaireAction(formData: FormData): Promise<void> {
  const id = String(formData.get('questionnaireId') ?? '');
  const answers: Record<string, string | string[]> = {};
  const multi = new Set(
    String(formData.get('multi') ?? '')
      .split(',')
      .filter(Boolean),
  );
  for (const [k, v] of formData.entries()) {
    if (!k.startsWith('q:') || typeof v !== 'string') continue;
    const qid = k.slice(2);
    if (multi.has(qid)) answers[qid] = [...((answers[qid] as string[] | undefined) ?? []), v];
    else answers[qid] = v;
  }
  let q: Record<string, string>;
  try {
    const r = await answerQuestionnaire({ access: await getAccess(), input: { id, answers } });
    q = r.duplicate ? { already: '1' } : { thanks: '1' };
  } catch (e) {
    const appError = toAppError(e);
    if (appError.code === 'internal') console.error('answer failed', e);
    q = { error: Object.values(appError.fieldErrors ?? {})[0] ?? appError.userMessage };
  }
  redirect(`/questionnaires/${id}?${new URLSearchParams(q)}`);
}
