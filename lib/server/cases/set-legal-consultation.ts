import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { appendEvent, lockCase, parseInput, ZCaseRef } from './lock';

const ZSetLegal = z.object({
  ...ZCaseRef,
  flag: z.boolean(),
  note: z.string().trim().min(1, 'cases.errors.textRequired').max(2000),
});

/**
 * Marks (or unmarks) a case as involving the university's legal office — suspected identity fraud
 * may have to be reported. The flag is independent of the status: it stays on the case while it
 * moves between investigating and waiting for the student, and the status 'legal_consultation'
 * says only that the case is waiting for the legal office right now. Never visible to the student.
 */
export async function setLegalConsultation({ access, input }: { access: Access | null; input: z.input<typeof ZSetLegal> }): Promise<{ revision: number }> {
  const me = requireRole(access, 'registrar');
  const d = parseInput(ZSetLegal, input);
  return withRls(me.ctx, async (tx) => {
    const c = await lockCase(tx, d.caseId, d.revision);
    const [u] = await tx.query<{ revision: number }>('update public.cases set legal_consultation = $2 where id = $1 returning revision', [c.id, d.flag]);
    await appendEvent(tx, { caseId: c.id, actorId: me.user.id, kind: 'legal', body: d.note, details: { flag: d.flag, was: c.legal_consultation } });
    await audit(tx, me.ctx, {
      action: 'case.legal',
      entityType: 'case',
      entityId: c.id,
      actorRole: 'registrar',
      details: { flag: d.flag, was: c.legal_consultation },
    });
    return { revision: u!.revision };
  });
}
