import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

const Z = z.object({ id: z.uuid(), status: z.enum(['open', 'closed']) });

/** Sending is opening: it then shows to its audience. Closing ends answering; both idempotent. */
export async function setQuestionnaireStatus({ access, input }: { access: Access | null; input: z.input<typeof Z> }) {
  const me = requireRole(access, 'registrar');
  const { id, status } = Z.parse(input);
  return withRls(me.ctx, async (tx) => {
    const [cur] = await tx.query<{ status: string }>('select status from public.questionnaires where id = $1', [id]);
    if (!cur) throw new AppError('not_found');
    if (cur.status === status) return { status };
    if (status === 'open' && cur.status !== 'draft') throw new AppError('conflict', { userMessage: 'questionnaires.errors.closed' });
    await tx.query(
      `update public.questionnaires set status = $2, opened_at = case when $2 = 'open' then now() else opened_at end,
         closed_at = case when $2 = 'closed' then now() else closed_at end where id = $1`,
      [id, status],
    );
    await audit(tx, me.ctx, {
      action: `questionnaire.${status === 'open' ? 'send' : 'close'}`,
      entityType: 'questionnaire',
      entityId: id,
      actorRole: 'registrar',
    });
    return { status };
  });
}
