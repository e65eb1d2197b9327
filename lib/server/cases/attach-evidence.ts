import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { finalizePhotoUpload } from '../documents/finalize-upload';
import { AppError, isUniqueViolation } from '../errors';
import { appendEvent } from './lock';
import { myRequests } from './list-my-requests';

const ZAttach = z.object({ requestId: z.uuid(), documentId: z.uuid() });

/**
 * Step two: the photo is uploaded. The pipeline checks and cleans it (finalizePhotoUpload), then a
 * document_received entry links it to the request, visible to the student and the office. Once
 * every request of the case is answered the database hands the case back to the office. A retry
 * or a double tap links the photo once (unique index) and answers as the first did.
 */
export async function attachEvidence({
  access,
  input,
}: {
  access: Access | null;
  input: z.input<typeof ZAttach>;
}): Promise<{ eventId: string | null; documentId: string; duplicate: boolean }> {
  const me = requireRole(access, 'student');
  const parsed = ZAttach.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { message: parsed.error.message });
  const { requestId, documentId } = parsed.data;
  const done = await finalizePhotoUpload({ access: me, input: { documentId } });
  if (done.kind !== 'evidence')
    throw new AppError('invalid_input', { userMessage: 'photo.errors.notFound', message: `document ${documentId} is ${done.kind}` });
  try {
    return await withRls(me.ctx, async (tx) => {
      const [request] = await myRequests(tx, requestId);
      if (!request) throw new AppError('not_found', { userMessage: 'cases.errors.requestClosed' });
      const [existing] = await tx.query<{ id: string }>(`select id from public.case_events where kind = 'document_received' and document_id = $1`, [
        documentId,
      ]);
      if (existing) return { eventId: existing.id, documentId, duplicate: true };
      const eventId = await appendEvent(tx, {
        caseId: request.caseId,
        actorId: me.user.id,
        kind: 'document_received',
        documentId,
        visibleToStudent: true,
        details: { request_id: requestId },
      });
      await audit(tx, me.ctx, {
        action: 'case.evidence_upload',
        entityType: 'case',
        entityId: request.caseId,
        actorRole: 'student',
        details: { event_id: eventId, request_id: requestId, document_id: documentId },
      });
      return { eventId, documentId, duplicate: false };
    });
  } catch (e) {
    // Two taps raced past the check above: the other one linked it.
    if (isUniqueViolation(e)) return { eventId: null, documentId, duplicate: true };
    throw e;
  }
}
