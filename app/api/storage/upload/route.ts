import { getLocalStore } from '@/lib/server/storage';
import { errorResponse, handleUpload } from '@/lib/server/storage/http';

// Local-disk store only: phones PUT ID photos here with a signed token from createUploadTarget().
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function PUT(req: Request): Promise<Response> {
  const store = getLocalStore();
  // With Supabase configured, uploads go straight to Supabase; this route does not exist.
  if (!store) return errorResponse('not_found');
  return handleUpload(req, store, store.verifyToken);
}
