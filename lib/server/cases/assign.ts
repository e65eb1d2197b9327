import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { appendEvent, lockCase, parseInput, ZCaseRef } from './lock';

const ZAssign = z.object({
  ...ZCaseRef,
  /** null leaves the case unassigned */
  assigneeId: z.uuid().nullable(),
});

/**
 * Gives a case to one registrar ("unclear responsibility" was the complaint). Only active
 * registrars can be chosen; the database refuses anyone else too (app.case_rules).
 */
export async function assignCase({ access, input }: { access: Access | null; input: z.input<typeof ZAssign> }): Promise<{ revision: number }> {
  const me = requireRole(access, 'registrar');
  const d = parseInput(ZAssign, input);
  return withRls(me.ctx, async (tx) => {
    const c = await lockCase(tx, d.caseId, d.revision);
    if (c.assignee_id === d.assigneeId) return { revision: c.revision };
    if (d.assigneeId) {
      const [ok] = await tx.query('select 1 from app.case_assignable_staff() where id = $1', [d.assigneeId]);
      if (!ok) throw new AppError('invalid_input', { userMessage: 'cases.errors.assignee', fieldErrors: { assigneeId: 'cases.errors.assignee' } });
    }
    const [u] = await tx.query<{ revision: number }>('update public.cases set assignee_id = $2 where id = $1 returning revision', [c.id, d.assigneeId]);
    await appendEvent(tx, { caseId: c.id, actorId: me.user.id, kind: 'assignment', details: { from: c.assignee_id, to: d.assigneeId } });
    await audit(tx, me.ctx, {
      action: 'case.assign',
      entityType: 'case',
      entityId: c.id,
      actorRole: 'registrar',
      details: { from: c.assignee_id, to: d.assigneeId },
    });
    return { revision: u!.revision };
  });
}
