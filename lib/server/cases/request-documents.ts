import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { appendEvent, lockCase, parseInput, ZCaseRef } from './lock';

const ZRequestDocuments = z.object({
  ...ZCaseRef,
  // Shown to the student as written: what to photograph and why, in words they understand.
  what: z.string().trim().min(1, 'cases.errors.requestRequired').max(1000),
});

/**
 * Asks the student for documents (户口簿, a letter from the police station, the original ID…).
 * The request is the one kind of timeline entry the student sees; the case waits for them until
 * every request has an answer (then the database moves it back to investigating).
 */
export async function requestCaseDocuments({
  access,
  input,
}: {
  access: Access | null;
  input: z.input<typeof ZRequestDocuments>;
}): Promise<{ requestId: string; revision: number }> {
  const me = requireRole(access, 'registrar');
  const d = parseInput(ZRequestDocuments, input);
  return withRls(me.ctx, async (tx) => {
    const c = await lockCase(tx, d.caseId, d.revision);
    const requestId = await appendEvent(tx, { caseId: c.id, actorId: me.user.id, kind: 'document_request', body: d.what, visibleToStudent: true });
    // Updated even when it already waits for the student: a new request is a change the revision must show.
    const [u] = await tx.query<{ revision: number }>(`update public.cases set status = 'awaiting_student' where id = $1 returning revision`, [c.id]);
    if (c.status !== 'awaiting_student') {
      await appendEvent(tx, { caseId: c.id, actorId: me.user.id, kind: 'status', details: { from: c.status, to: 'awaiting_student' } });
    }
    await audit(tx, me.ctx, {
      action: 'case.request_documents',
      entityType: 'case',
      entityId: c.id,
      actorRole: 'registrar',
      details: { request_id: requestId, from: c.status, to: 'awaiting_student' },
    });
    return { requestId, revision: u!.revision };
  });
}
