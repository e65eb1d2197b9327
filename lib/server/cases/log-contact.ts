import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { once } from '../idempotency/internal/once';
import { withRls } from '../db/rls';
import { appendEvent, findOpenCase, parseInput } from './lock';
import { CONTACT_CHANNELS } from './rules';

const ZLogContact = z.object({
  caseId: z.uuid(),
  channel: z.enum(CONTACT_CHANNELS, { error: 'cases.errors.channelRequired' }),
  summary: z.string().trim().min(1, 'cases.errors.textRequired').max(4000),
});

/** The office records a conversation with the student (phone, email, in person) and what came of it. */
export async function logCaseContact({
  access,
  input,
}: {
  access: Access | null;
  input: z.input<typeof ZLogContact> & { idempotencyKey?: string };
}): Promise<{ eventId: string }> {
  const me = requireRole(access, 'registrar');
  const d = parseInput(ZLogContact, input);
  return withRls(me.ctx, (tx) =>
    once(tx, { userId: me.user.id, verb: 'cases.contact', key: input.idempotencyKey, input: d }, async () => {
      const c = await findOpenCase(tx, d.caseId);
      const eventId = await appendEvent(tx, { caseId: c.id, actorId: me.user.id, kind: 'contact', body: d.summary, details: { channel: d.channel } });
      await audit(tx, me.ctx, {
        action: 'case.contact',
        entityType: 'case',
        entityId: c.id,
        actorRole: 'registrar',
        details: { event_id: eventId, channel: d.channel },
      });
      return { eventId };
    }),
  );
}
