import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { appendEvent, lockCase, parseInput, ZCaseRef } from './lock';
import { SETTABLE_STATUSES, STATUS_MOVES } from './rules';

const ZSetStatus = z.object({
  ...ZCaseRef,
  status: z.enum(SETTABLE_STATUSES, { error: 'cases.errors.transition' }),
  note: z.string().trim().max(2000).optional(),
});

/** Moves a case along (see STATUS_MOVES); a note may say why. */
export async function setCaseStatus({ access, input }: { access: Access | null; input: z.input<typeof ZSetStatus> }): Promise<{ revision: number }> {
  const me = requireRole(access, 'registrar');
  const d = parseInput(ZSetStatus, input);
  return withRls(me.ctx, async (tx) => {
    const c = await lockCase(tx, d.caseId, d.revision);
    if (!STATUS_MOVES[c.status].includes(d.status)) {
      throw new AppError('conflict', { userMessage: 'cases.errors.transition', message: `case ${c.status} -> ${d.status}` });
    }
    const [u] = await tx.query<{ revision: number }>('update public.cases set status = $2 where id = $1 returning revision', [c.id, d.status]);
    await appendEvent(tx, { caseId: c.id, actorId: me.user.id, kind: 'status', body: d.note || null, details: { from: c.status, to: d.status } });
    await audit(tx, me.ctx, {
      action: 'case.set_status',
      entityType: 'case',
      entityId: c.id,
      actorRole: 'registrar',
      details: { from: c.status, to: d.status },
    });
    return { revision: u!.revision };
  });
}
