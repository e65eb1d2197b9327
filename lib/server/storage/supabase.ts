import 'server-only';
import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { PHOTO_UPLOAD_LIMITS } from '@/lib/domain/uploads';
import { AppError } from '../errors';
import { assertValidObjectKey } from './keys';
import {
  checkContentType,
  checkDownloadName,
  checkTtl,
  DEFAULT_DOWNLOAD_TTL_SECONDS,
  MAX_DOWNLOAD_TTL_SECONDS,
  MAX_UPLOAD_TTL_SECONDS,
  type ObjectStore,
  type UploadTarget,
} from './types';

/**
 * Supabase Storage, private bucket, service-role client (server only; RLS does not apply to it,
 * so every key is validated here and authorisation happens in the verbs that call this).
 *
 * How the real server answers (supabase/storage, decision 111): every rendered error is HTTP 400
 * (500 only for internal ones) with the real status and code in the body —
 * `{ statusCode: "404", code: "NoSuchKey" | "NoSuchBucket", message }`. So "404" does not mean
 * "missing": only NoSuchKey (or, from releases before the `code` field, the "Object not found"
 * body) does. A wrong bucket, a bad key or a bad service key throws. Because GET /object/info
 * looks up the object without checking the bucket (a wrong bucket reads as NoSuchKey there), the
 * bucket itself is checked once before first use: it must exist and be private.
 *
 * Limitations of signed upload URLs, which the caller must make up for:
 * - their lifetime is the server's UPLOAD_SIGNED_URL_EXPIRATION_TIME (hosted: 2 hours; the
 *   self-hosted default is 60 s): `expiresInSeconds` cannot change it, so `expiresAt` is read from
 *   the token's own `exp`;
 * - they carry no size or type limit: the bucket's `file_size_limit` / `allowed_mime_types` do,
 *   set from PHOTO_UPLOAD_LIMITS by `npm run storage:setup`. After the upload the server re-checks
 *   size, type and magic bytes anyway (finalizePhotoUpload).
 * Tested against a local wire-protocol double of the Storage API (tests/helpers/storage-double.ts),
 * not against a real Supabase.
 */
type Transport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>;

export interface SupabaseStoreOptions {
  url: string;
  serviceRoleKey: string;
  bucket: string;
  now?: () => number;
}

/** The bucket as PHOTO_UPLOAD_LIMITS says it must be (what storage:setup creates). */
export function bucketSettings() {
  return { public: false, fileSizeLimit: PHOTO_UPLOAD_LIMITS.maxBytes, allowedMimeTypes: [...PHOTO_UPLOAD_LIMITS.mimeTypes] };
}

export class SupabaseObjectStore implements ObjectStore {
  readonly client: SupabaseClient;
  readonly bucket: string;
  private readonly now: () => number;
  private checked: Promise<void> | null = null;

  constructor(opts: SupabaseStoreOptions) {
    this.client = createClient(opts.url, opts.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      // Node 20 has no global WebSocket; without a transport the client throws "native WebSocket not found".
      // ws's overloaded constructor does not match realtime-js's declared type, though it works at runtime.
      realtime: { transport: WebSocket as unknown as Transport },
    });
    this.bucket = opts.bucket;
    this.now = opts.now ?? Date.now;
  }

  private get files() {
    return this.client.storage.from(this.bucket);
  }

  /**
   * Once per process (again after a failure): the bucket exists and is private. Different size or
   * type limits than PHOTO_UPLOAD_LIMITS are reported once: uploads still work, and the server
   * re-checks every photo, but the documented limits are no longer what Supabase enforces.
   */
  private ready(): Promise<void> {
    this.checked ??= (async () => {
      const { data, error } = await this.client.storage.getBucket(this.bucket);
      if (error) throw mapError(error, `bucket ${this.bucket}`);
      if (data.public) {
        throw new AppError('internal', {
          message: `supabase storage: bucket "${this.bucket}" is public; ID photos need a private bucket (npm run storage:setup)`,
        });
      }
      const want = bucketSettings();
      const types = [...(data.allowed_mime_types ?? [])].sort().join(',');
      if (data.file_size_limit !== want.fileSizeLimit || types !== [...want.allowedMimeTypes].sort().join(',')) {
        console.warn(
          `supabase storage: bucket "${this.bucket}" limits (${data.file_size_limit ?? 'none'} bytes; ${types || 'any type'}) differ from PHOTO_UPLOAD_LIMITS ` +
            `(${want.fileSizeLimit} bytes; ${want.allowedMimeTypes.join(',')}); run npm run storage:setup`,
        );
      }
    })().catch((e: unknown) => {
      this.checked = null;
      throw e;
    });
    return this.checked;
  }

  async createUploadTarget(key: string, opts: { contentType: string; maxBytes: number; expiresInSeconds?: number }): Promise<UploadTarget> {
    assertValidObjectKey(key);
    const ct = checkContentType(opts.contentType);
    checkTtl(opts.expiresInSeconds, MAX_UPLOAD_TTL_SECONDS, MAX_UPLOAD_TTL_SECONDS); // validated, but see the class comment
    await this.ready();
    const { data, error } = await this.files.createSignedUploadUrl(key);
    if (error) throw mapError(error, key);
    return {
      url: data.signedUrl,
      method: 'PUT',
      // Without the header Supabase stores the object as text/plain; max-age=0 keeps it out of caches.
      headers: { 'Content-Type': ct, 'Cache-Control': 'max-age=0' },
      expiresAt: tokenExpiry(data.token, key),
    };
  }

  async createDownloadUrl(key: string, opts: { expiresInSeconds?: number; downloadName?: string } = {}): Promise<string> {
    assertValidObjectKey(key);
    const ttl = checkTtl(opts.expiresInSeconds, DEFAULT_DOWNLOAD_TTL_SECONDS, MAX_DOWNLOAD_TTL_SECONDS);
    const dn = checkDownloadName(opts.downloadName);
    await this.ready();
    const { data, error } = await this.files.createSignedUrl(key, ttl, dn ? { download: dn } : undefined);
    if (error) throw mapError(error, key);
    return data.signedUrl;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    assertValidObjectKey(key);
    await this.ready();
    const { error } = await this.files.upload(key, bytes, { contentType: checkContentType(contentType), upsert: false, cacheControl: '0' });
    if (error) throw mapError(error, key);
  }

  async get(key: string): Promise<Uint8Array | null> {
    assertValidObjectKey(key);
    await this.ready();
    const { data, error } = await this.files.download(key);
    if (error) {
      if (isMissingObject(error)) return null;
      throw mapError(error, key);
    }
    return new Uint8Array(await data.arrayBuffer());
  }

  async head(key: string): Promise<{ bytes: number; contentType: string } | null> {
    assertValidObjectKey(key);
    await this.ready();
    const { data, error } = await this.files.info(key);
    if (error) {
      if (isMissingObject(error)) return null;
      throw mapError(error, key);
    }
    // GET /object/info answers size and content_type (camel-cased by storage-js).
    const bytes = data.size;
    const contentType = data.contentType;
    if (typeof bytes !== 'number' || !contentType) throw new AppError('internal', { message: `storage info for ${key} lacks size or type` });
    return { bytes, contentType };
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    await this.ready();
    // remove() answers an empty list, not an error, for a missing object: delete stays idempotent.
    const { error } = await this.files.remove([key]);
    if (error) throw mapError(error, key);
  }
}

export interface StorageErrorish {
  message: string;
  status?: number;
  statusCode?: string;
  code?: string;
}

/**
 * Only a missing object is "missing". NoSuchBucket also says statusCode "404" (over HTTP 400), and
 * a 404 from a proxy in front of Storage is a wrong URL: both must throw, never read as absent.
 */
export function isMissingObject(e: StorageErrorish): boolean {
  if (e.code === 'NoSuchKey') return true;
  // Releases before the `code` field: { statusCode: "404", error: "not_found", message: "Object not found" }.
  return !e.code && e.statusCode === '404' && /^object not found$/i.test(e.message);
}

/** The signed upload token's own expiry (a JWT's `exp`); anything else is not a token we understand. */
export function tokenExpiry(token: string, key: string): Date {
  let exp: unknown;
  try {
    exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
  } catch (cause) {
    throw new AppError('internal', { message: `supabase storage (${key}): the signed upload token is not a JWT`, cause });
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    throw new AppError('internal', { message: `supabase storage (${key}): the signed upload token has no exp` });
  return new Date(exp * 1000);
}

function mapError(e: StorageErrorish, what: string): AppError {
  const message = `supabase storage (${what}): ${e.code ?? e.statusCode ?? e.status ?? ''} ${e.message}`;
  const code = e.code ?? '';
  if (isMissingObject(e)) return new AppError('not_found', { message, cause: e });
  if (code === 'KeyAlreadyExists' || code === 'ResourceAlreadyExists' || e.statusCode === '409') return new AppError('conflict', { message, cause: e });
  if (code === 'EntityTooLarge' || e.statusCode === '413') return new AppError('too_large', { message, cause: e });
  if (code === 'InvalidMimeType' || e.statusCode === '415') return new AppError('unsupported_media', { message, cause: e });
  // NoSuchBucket, InvalidJWT (a wrong service key), AccessDenied, a proxy's 404, a 5xx:
  // configuration or outage, never the person's fault and never "absent".
  return new AppError('internal', { message, cause: e });
}

/**
 * Creates the bucket, or brings an existing one to bucketSettings(): private, PHOTO_UPLOAD_LIMITS'
 * size and types (`npm run storage:setup`). Idempotent.
 */
export async function applyBucketSettings(store: SupabaseObjectStore): Promise<'created' | 'updated'> {
  const settings = bucketSettings();
  const { error } = await store.client.storage.getBucket(store.bucket);
  if (error && (error as StorageErrorish).code !== 'NoSuchBucket' && (error as StorageErrorish).message !== 'Bucket not found')
    throw mapError(error, `bucket ${store.bucket}`);
  if (error) {
    const created = await store.client.storage.createBucket(store.bucket, settings);
    if (created.error) throw mapError(created.error, `bucket ${store.bucket}`);
    return 'created';
  }
  const updated = await store.client.storage.updateBucket(store.bucket, settings);
  if (updated.error) throw mapError(updated.error, `bucket ${store.bucket}`);
  return 'updated';
}
