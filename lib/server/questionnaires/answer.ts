import 'server-only';
import { z } from 'zod';
import { type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import type { Question } from './get-for-answer';

const Z = z.object({ id: z.uuid(), answers: z.record(z.string(), z.union([z.string().max(2000), z.array(z.string().max(100)).max(20), z.number()])) });

/** Checks each answer against its question; unknown questions and bad values are refused. */
export function checkAnswers(questions: readonly Question[], raw: Record<string, string | string[] | number>): Record<string, string | string[] | number> {
  const out: Record<string, string | string[] | number> = {};
  const fieldErrors: Record<string, string> = {};
  for (const q of questions) {
    const v = raw[q.id];
    const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (q.required) fieldErrors[q.id] = 'questionnaires.errors.required';
      continue;
    }
    if (q.kind === 'single' && typeof v === 'string' && q.options.includes(v)) out[q.id] = v;
    else if (q.kind === 'multiple' && (Array.isArray(v) ? v : [v]).every((x) => typeof x === 'string' && q.options.includes(x)))
      out[q.id] = [...new Set(Array.isArray(v) ? v : [String(v)])];
    else if (q.kind === 'scale' && [1, 2, 3, 4, 5].includes(Number(v))) out[q.id] = Number(v);
    else if (q.kind === 'text' && typeof v === 'string' && v.trim().length <= 2000) out[q.id] = v.trim();
    else fieldErrors[q.id] = 'questionnaires.errors.invalid';
  }
  if (Object.keys(fieldErrors).length) throw new AppError('invalid_input', { fieldErrors });
  return out;
}

/**
 * One answer per person: a second submit (a retry, another tab) is a no-op reported as
 * `duplicate`. The audit event names the questionnaire only, never the response row.
 */
export async function answerQuestionnaire({ access, input }: { access: Access | null; input: z.input<typeof Z> }): Promise<{ duplicate: boolean }> {
  if (!access) throw new AppError('unauthenticated');
  const { id, answers } = Z.parse(input);
  return withRls(access.ctx, async (tx) => {
    const [ok] = await tx.query<{ may: boolean }>('select app.may_answer_questionnaire($1) as may', [id]);
    if (!ok?.may) throw new AppError('not_found');
    const questions = await tx.query<Question>(
      'select id, position, kind, prompt, options, required from public.questionnaire_questions where questionnaire_id = $1',
      [id],
    );
    const clean = checkAnswers(questions, answers);
    const [r] = await tx.query<{ inserted: boolean }>('select app.answer_questionnaire($1, $2::text::jsonb) as inserted', [id, JSON.stringify(clean)]);
    if (r!.inserted)
      await audit(tx, access.ctx, {
        action: 'questionnaire.answer',
        entityType: 'questionnaire',
        entityId: id,
        actorRole: access.student ? 'student' : 'office',
      });
    return { duplicate: !r!.inserted };
  });
}
