import { apiRoute } from '@/lib/server/http/route';
import { getLocalStore } from '@/lib/server/storage';
import { handleDownload } from '@/lib/server/storage/http';
import { AppError } from '@/lib/server/errors';

// Local-disk store only: serves an object to whoever holds a short-lived signed download token.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ what: 'storage download', auth: 'none' }, async ({ req }) => {
  const store = getLocalStore();
  // With Supabase configured, downloads use Supabase signed URLs; this route does not exist.
  if (!store) throw new AppError('not_found');
  return handleDownload(req, store, store.verifyToken);
});
