import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { getStore, newObjectKey } from '../storage';

export const PHOTO_MAX_BYTES = 12 * 1024 * 1024;
/** HEIC is accepted at the door so iPhones that could not convert get a clear message from the decoder. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'] as const;

const ZCreateUpload = z.object({
  kind: z.enum(['id_front', 'id_back', 'passport_data', 'evidence']),
  contentType: z.enum(PHOTO_TYPES),
  bytes: z.number().int().min(1),
});

/**
 * Step one of a photo upload: a pending document row and a signed target the phone sends the
 * bytes to directly (no app server in the path on Supabase). The key is minted here, never taken
 * from the request.
 */
export async function createPhotoUpload({ access, input }: { access: Access | null; input: z.input<typeof ZCreateUpload> }) {
  const me = requireRole(access, 'student');
  const parsed = ZCreateUpload.safeParse(input);
  if (!parsed.success) {
    const badType = parsed.error.issues.some((i) => i.path[0] === 'contentType');
    throw new AppError(badType ? 'unsupported_media' : 'invalid_input', {
      userMessage: badType ? 'photo.errors.notImage' : 'errors.invalid_input',
      message: parsed.error.message,
    });
  }
  const { kind, contentType, bytes } = parsed.data;
  if (bytes > PHOTO_MAX_BYTES) throw new AppError('too_large', { userMessage: 'photo.errors.tooLarge' });
  const uploadKey = newObjectKey('id-photo', me.student!.id);
  const documentId = await withRls(me.ctx, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `insert into public.documents (student_id, kind, upload_key, uploaded_by) values ($1, $2, $3, $4) returning id`,
      [me.student!.id, kind, uploadKey, me.user.id],
    );
    return row!.id;
  });
  const target = await getStore().createUploadTarget(uploadKey, { contentType, maxBytes: PHOTO_MAX_BYTES });
  return { documentId, upload: target };
}
