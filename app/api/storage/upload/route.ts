import { PHOTO_MAX_BYTES } from '@/lib/server/documents/create-upload';
import { AppError } from '@/lib/server/errors';
import { apiRoute } from '@/lib/server/http/route';
import { getLocalStore } from '@/lib/server/storage';
import { handleUpload } from '@/lib/server/storage/http';

// Local-disk store only: phones PUT ID photos here with a signed token from createUploadTarget().
// The token is the credential (no cookie is needed), so no Origin check; the declared length is
// refused over the largest photo before the token is even read, the real one counted by handleUpload.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const PUT = apiRoute({ what: 'storage upload', auth: 'none', origin: 'off', bodyLimit: PHOTO_MAX_BYTES }, async ({ req }) => {
  const store = getLocalStore();
  // With Supabase configured, uploads go straight to Supabase; this route does not exist.
  if (!store) throw new AppError('not_found');
  return handleUpload(req, store, store.verifyToken);
});
