import 'server-only';
import { ZQuestionnaire, type TQuestionnaire } from '@/lib/schemas/questionnaire';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

/** The verification office drafts a questionnaire with its questions. */
export async function createQuestionnaire({ access, input }: { access: Access | null; input: TQuestionnaire }): Promise<{ id: string }> {
  const me = requireRole(access, 'registrar');
  const parsed = ZQuestionnaire.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid_input', {
      fieldErrors: Object.fromEntries(
        parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message.startsWith('questionnaires.') ? i.message : 'errors.invalid_input']),
      ),
    });
  }
  const q = parsed.data;
  return withRls(me.ctx, async (tx) => {
    if (q.campaignId) {
      const [c] = await tx.query('select 1 from public.campaigns where id = $1', [q.campaignId]);
      if (!c) throw new AppError('invalid_input', { fieldErrors: { campaignId: 'questionnaires.errors.campaign' } });
    }
    const [row] = await tx.query<{ id: string }>(
      `insert into public.questionnaires (title, description, anonymous, to_students, to_offices, send_when, campaign_id, created_by)
       values ($1, nullif($2, ''), $3, $4, $5, $6, $7, $8) returning id`,
      [q.title, q.description, q.anonymous, q.toStudents, q.toOffices, q.sendWhen, q.campaignId ?? null, me.user.id],
    );
    await tx.query(
      `insert into public.questionnaire_questions (questionnaire_id, position, kind, prompt, options, required)
       select $1, x.position, x.kind, x.prompt, array(select jsonb_array_elements_text(x.options)), x.required
       from jsonb_to_recordset($2::text::jsonb) as x(position int, kind text, prompt text, options jsonb, required boolean)`,
      [row!.id, JSON.stringify(q.questions.map((x, i) => ({ ...x, position: i + 1 })))],
    );
    await audit(tx, me.ctx, {
      action: 'questionnaire.create',
      entityType: 'questionnaire',
      entityId: row!.id,
      actorRole: 'registrar',
      details: { questions: q.questions.length, anonymous: q.anonymous, sendWhen: q.sendWhen, campaignId: q.campaignId ?? null },
    });
    return { id: row!.id };
  });
}
