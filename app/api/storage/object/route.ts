import { getLocalStore } from '@/lib/server/storage';
import { errorResponse, handleDownload } from '@/lib/server/storage/http';

// Local-disk store only: serves an object to whoever holds a short-lived signed download token.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  const store = getLocalStore();
  // With Supabase configured, downloads use Supabase signed URLs; this route does not exist.
  if (!store) return errorResponse('not_found');
  return handleDownload(req, store, store.verifyToken);
}
