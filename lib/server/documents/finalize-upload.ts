import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { getStore, newObjectKey } from '../storage';
import { PHOTO_MAX_BYTES } from './create-upload';
import { UPLOAD_GRACE_SECONDS } from './expire-uploads';
import { processIdPhoto } from './image';

const ZFinalize = z.object({ documentId: z.uuid() });

/**
 * Step two: the bytes are in storage. Check and clean them (magic bytes, decode, re-encode
 * without EXIF/GPS, thumbnail, sha256), store the clean copies under fresh keys and delete the
 * original. The image work runs outside any transaction: the embedded database serializes them.
 */
export async function finalizePhotoUpload({ access, input }: { access: Access | null; input: { documentId: string } }) {
  const me = requireRole(access, 'student');
  const { documentId } = ZFinalize.parse(input);
  const doc = await withRls(me.ctx, async (tx) => {
    const [row] = await tx.query<{
      id: string;
      kind: string;
      upload_key: string;
      status: string;
      object_key: string | null;
      reject_code: string | null;
      abandoned: boolean;
    }>(
      `select id, kind, upload_key, status, object_key, reject_code,
              coalesce(upload_expires_at, created_at + interval '2 hours') + make_interval(secs => $2) < now() as abandoned
       from public.documents where id = $1`,
      [documentId, UPLOAD_GRACE_SECONDS],
    );
    return row;
  });
  if (!doc) throw new AppError('not_found', { userMessage: 'photo.errors.notFound' });
  if (doc.status === 'ready') return { documentId, kind: doc.kind, duplicate: true };
  const expired = () => new AppError('expired', { message: `upload ${documentId} abandoned`, userMessage: 'photo.errors.uploadExpired' });
  if (doc.status === 'rejected' && doc.reject_code === 'photo.errors.uploadExpired') throw expired();
  if (doc.status !== 'pending') throw new AppError('conflict', { userMessage: 'photo.errors.rejected' });
  // Past its expiry the cleanup job may already be deleting the original: never process it.
  if (doc.abandoned) throw expired();

  const store = getStore();
  const bytes = await store.get(doc.upload_key);
  if (!bytes) throw new AppError('not_found', { userMessage: 'photo.errors.notUploaded' });
  let processed;
  try {
    processed = await processIdPhoto(bytes, { maxBytes: PHOTO_MAX_BYTES });
  } catch (e) {
    const code = e instanceof AppError ? e.userMessage : 'photo.errors.corrupt';
    await withRls(me.ctx, (tx) =>
      tx.query(`update public.documents set status = 'rejected', reject_code = $2, processed_at = now() where id = $1`, [documentId, code]),
    );
    await store.delete(doc.upload_key);
    throw e;
  }
  const objectKey = newObjectKey('id-photo', me.student!.id);
  const thumbKey = newObjectKey('id-photo', me.student!.id);
  await store.put(objectKey, processed.image, processed.mime);
  await store.put(thumbKey, processed.thumb, 'image/jpeg');
  const stored = await withRls(me.ctx, async (tx) => {
    const updated = await tx.query(
      `update public.documents set status = 'ready', object_key = $2, thumb_key = $3, sha256 = $4, mime = $5, bytes = $6,
         width = $7, height = $8, processed_at = now() where id = $1 and status = 'pending' returning id`,
      [documentId, objectKey, thumbKey, processed.sha256, processed.mime, processed.bytes, processed.width, processed.height],
    );
    if (!updated.length) return false;
    await audit(tx, me.ctx, {
      action: 'document.upload',
      entityType: 'document',
      entityId: documentId,
      actorRole: 'student',
      details: { kind: doc.kind, sha256: processed.sha256 },
    });
    return true;
  });
  if (!stored) {
    // Expired (or finished by a concurrent call) while the image was processed: keep no orphans.
    await Promise.all([store.delete(objectKey), store.delete(thumbKey)]);
    const [now] = await withRls(me.ctx, (tx) => tx.query<{ status: string }>('select status from public.documents where id = $1', [documentId]));
    if (now?.status === 'ready') return { documentId, kind: doc.kind, duplicate: true };
    throw expired();
  }
  // The original may carry GPS coordinates: it does not outlive its clean copy.
  await store.delete(doc.upload_key);
  return { documentId, kind: doc.kind, duplicate: false };
}
