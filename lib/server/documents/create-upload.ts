import 'server-only';
import { z } from 'zod';
import { PHOTO_UPLOAD_LIMITS } from '@/lib/domain/uploads';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { limit } from '../ratelimit';
import { getStore, newObjectKey } from '../storage';

// The one constant (lib/domain/uploads.ts), under the names the photo pipeline already uses.
export const PHOTO_MAX_BYTES = PHOTO_UPLOAD_LIMITS.maxBytes;
export const PHOTO_TYPES = PHOTO_UPLOAD_LIMITS.mimeTypes;

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
  // Upload slots per student (docs/limits.md): each one is a pending row and a signed target.
  await limit('upload', me.student!.id);
  const uploadKey = newObjectKey('id-photo', me.student!.id);
  // The target first: its real expiry (from the store, e.g. the Supabase token's exp) is what the
  // pending row records, so documents.expire_uploads knows when the upload was abandoned.
  const target = await getStore().createUploadTarget(uploadKey, { contentType, maxBytes: PHOTO_MAX_BYTES });
  const documentId = await withRls(me.ctx, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `insert into public.documents (student_id, kind, upload_key, uploaded_by, upload_expires_at)
       values ($1, $2, $3, $4, least($5::timestamptz, now() + interval '2 hours')) returning id`,
      [me.student!.id, kind, uploadKey, me.user.id, target.expiresAt.toISOString()],
    );
    return row!.id;
  });
  return { documentId, upload: target };
}
