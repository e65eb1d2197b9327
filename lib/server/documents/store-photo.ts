import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { getStore } from '../storage';
import { createPhotoUpload } from './create-upload';
import { finalizePhotoUpload } from './finalize-upload';

/**
 * A photo whose bytes reached the app server itself — the identity form posted without
 * JavaScript (a phone that cannot run the page's script sends the file in the form). The same
 * two steps as the browser's direct upload, with the server writing the bytes in between: the
 * pending row and key from createPhotoUpload (type, size and the upload rate limit checked
 * there), then finalizePhotoUpload's decode, re-encode without EXIF/GPS and thumbnail.
 */
export async function storePhoto({
  access,
  input,
}: {
  access: Access | null;
  input: { kind: 'id_front' | 'id_back' | 'passport_data'; contentType: string; bytes: Uint8Array };
}): Promise<{ documentId: string }> {
  const me = requireRole(access, 'student');
  if (!input.bytes.length) throw new AppError('invalid_input', { userMessage: 'photo.errors.empty' });
  const { documentId } = await createPhotoUpload({
    access,
    input: { kind: input.kind, contentType: input.contentType as never, bytes: input.bytes.length },
  });
  const [row] = await withRls(me.ctx, (tx) => tx.query<{ upload_key: string }>('select upload_key from public.documents where id = $1', [documentId]));
  if (!row) throw new AppError('not_found', { userMessage: 'photo.errors.notFound' });
  await getStore().put(row.upload_key, input.bytes, input.contentType);
  await finalizePhotoUpload({ access, input: { documentId } });
  return { documentId };
}
