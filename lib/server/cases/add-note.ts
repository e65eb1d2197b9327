import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { caseActor } from '../compare/compare-version';
import { once } from '../idempotency/internal/once';
import { withRls } from '../db/rls';
import { appendEvent, findOpenCase, parseInput } from './lock';

const ZAddNote = z.object({
  caseId: z.uuid(),
  body: z.string().trim().min(1, 'cases.errors.textRequired').max(4000),
});

/**
 * An internal note on the timeline (never shown to the student). The registrar, and reviewers
 * involved in the case — the one who escalated it adds what they learnt later. Appending cannot
 * overwrite anyone's work, so no revision is asked for.
 */
export async function addCaseNote({
  access,
  input,
}: {
  access: Access | null;
  input: z.input<typeof ZAddNote> & { idempotencyKey?: string };
}): Promise<{ eventId: string }> {
  const me = requireRole(access, 'registrar', 'reviewer');
  const d = parseInput(ZAddNote, input);
  const role = caseActor(me).role;
  return withRls(me.ctx, (tx) =>
    once(tx, { userId: me.user.id, verb: 'cases.note', key: input.idempotencyKey, input: d }, async () => {
      const c = await findOpenCase(tx, d.caseId);
      const eventId = await appendEvent(tx, { caseId: c.id, actorId: me.user.id, kind: 'note', body: d.body });
      // The text stays in the case file; the audit log says that a note was written, not what.
      await audit(tx, me.ctx, {
        action: 'case.note',
        entityType: 'case',
        entityId: c.id,
        actorRole: role,
        details: { event_id: eventId, length: d.body.length },
      });
      return { eventId };
    }),
  );
}
