/**
 * npm run storage:setup — creates the Supabase Storage bucket (SUPABASE_STORAGE_BUCKET, default
 * identity-documents) or updates it to what the app enforces: private, PHOTO_UPLOAD_LIMITS' size
 * limit and MIME types (lib/domain/uploads.ts). Needs only SUPABASE_URL and
 * SUPABASE_SERVICE_ROLE_KEY. Idempotent; run it on every deploy.
 */
import { PHOTO_UPLOAD_LIMITS } from '../lib/domain/uploads';
import { EnvError, parseStorageEnv } from '../lib/server/env';
import { applyBucketSettings, SupabaseObjectStore } from '../lib/server/storage/supabase';

try {
  const env = parseStorageEnv(process.env);
  const store = new SupabaseObjectStore(env);
  const what = await applyBucketSettings(store);
  console.log(`Bucket "${env.bucket}" ${what}: private, ${PHOTO_UPLOAD_LIMITS.maxBytes} bytes, ${PHOTO_UPLOAD_LIMITS.mimeTypes.join(', ')}.`);
} catch (e) {
  console.error(e instanceof EnvError ? e.message : `Storage setup failed: ${(e as Error).message}`);
  process.exit(1);
}
