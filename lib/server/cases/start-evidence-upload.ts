import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { createPhotoUpload, type PHOTO_TYPES } from '../documents/create-upload';
import { AppError } from '../errors';
import { myRequests } from './list-my-requests';

const ZStart = z.object({ requestId: z.uuid(), contentType: z.string().max(100), bytes: z.number().int().min(1) });

/**
 * Step one of answering a request: the photo pipeline's pending 'evidence' document and a signed
 * upload target — refused up front when the request is not an open one of this student's, so
 * nobody uploads for nothing. The type and size are checked
 * by createPhotoUpload, which answers with the photo.errors.* the student can act on.
 */
export async function startEvidenceUpload({ access, input }: { access: Access | null; input: z.input<typeof ZStart> }) {
  const me = requireRole(access, 'student');
  const parsed = ZStart.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { message: parsed.error.message });
  const [request] = await withRls(me.ctx, (tx) => myRequests(tx, parsed.data.requestId));
  if (!request) throw new AppError('not_found', { userMessage: 'cases.errors.requestClosed' });
  return createPhotoUpload({
    access: me,
    input: { kind: 'evidence', contentType: parsed.data.contentType as (typeof PHOTO_TYPES)[number], bytes: parsed.data.bytes },
  });
}
