import 'server-only';
import { z } from 'zod';
import { type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

export interface Question {
  id: string;
  position: number;
  kind: 'single' | 'multiple' | 'scale' | 'text';
  prompt: string;
  options: string[];
  required: boolean;
}

/** A questionnaire with its questions, if the caller may answer it; and whether they already did. */
export async function getQuestionnaireForAnswer({ access, input }: { access: Access | null; input: { id: string } }) {
  if (!access) throw new AppError('unauthenticated');
  const { id } = z.object({ id: z.uuid() }).parse(input);
  return withRls(access.ctx, async (tx) => {
    const [q] = await tx.query<{ id: string; title: string; description: string | null; anonymous: boolean; status: string; may: boolean; answered: boolean }>(
      `select q.id, q.title, q.description, q.anonymous, q.status, app.may_answer_questionnaire(q.id) as may,
              exists (select 1 from public.questionnaire_participants p where p.questionnaire_id = q.id and p.user_id = auth.uid()) as answered
       from public.questionnaires q where q.id = $1`,
      [id],
    );
    if (!q || !q.may) throw new AppError('not_found');
    const questions = await tx.query<Question>(
      'select id, position, kind, prompt, options, required from public.questionnaire_questions where questionnaire_id = $1 order by position',
      [id],
    );
    return { ...q, questions };
  });
}
