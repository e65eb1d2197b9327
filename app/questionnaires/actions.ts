'use server';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { messageOf, runAction } from '@/lib/server/action';
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
  const r = await runAction('answer questionnaire', async () => answerQuestionnaire({ access: await getAccess(), input: { id, answers } }), {
    input: formData,
  });
  const q: Record<string, string> = r.ok ? (r.data.duplicate ? { already: '1' } : { thanks: '1' }) : { error: messageOf(r)! };
  redirect(`/questionnaires/${id}?${new URLSearchParams(q)}`);
}
