import 'server-only';
import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import WebSocket from 'ws';
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
 * Limitations of signed upload URLs, which the caller must make up for:
 * - they are valid for 2 hours, fixed by Supabase: `expiresInSeconds` cannot shorten them, and
 *   `expiresAt` reports the real 2 hours;
 * - they carry no size or type limit: `maxBytes` and `contentType` are enforced only by the
 *   bucket's own `file_size_limit` / `allowed_mime_types` (set them in the bucket config). After
 *   the upload the server must `head()` the object and re-check size, type and magic bytes before
 *   trusting it, as DESIGN.md requires anyway.
 * Not exercised against a real Supabase in the test suite (no network there).
 */
type Transport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>;

export interface SupabaseStoreOptions {
  url: string;
  serviceRoleKey: string;
  bucket: string;
  now?: () => number;
}

export class SupabaseObjectStore implements ObjectStore {
  private readonly client: SupabaseClient;
  private readonly bucket: string;
  private readonly now: () => number;

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

  async createUploadTarget(key: string, opts: { contentType: string; maxBytes: number; expiresInSeconds?: number }): Promise<UploadTarget> {
    assertValidObjectKey(key);
    const ct = checkContentType(opts.contentType);
    checkTtl(opts.expiresInSeconds, MAX_UPLOAD_TTL_SECONDS, MAX_UPLOAD_TTL_SECONDS); // validated, but see the class comment
    const { data, error } = await this.files.createSignedUploadUrl(key);
    if (error) throw mapError(error, key);
    return {
      url: data.signedUrl,
      method: 'PUT',
      // Without the header Supabase stores the object as text/plain; max-age=0 keeps it out of caches.
      headers: { 'Content-Type': ct, 'Cache-Control': 'max-age=0' },
      expiresAt: new Date(this.now() + MAX_UPLOAD_TTL_SECONDS * 1000),
    };
  }

  async createDownloadUrl(key: string, opts: { expiresInSeconds?: number; downloadName?: string } = {}): Promise<string> {
    assertValidObjectKey(key);
    const ttl = checkTtl(opts.expiresInSeconds, DEFAULT_DOWNLOAD_TTL_SECONDS, MAX_DOWNLOAD_TTL_SECONDS);
    const dn = checkDownloadName(opts.downloadName);
    const { data, error } = await this.files.createSignedUrl(key, ttl, dn ? { download: dn } : undefined);
    if (error) throw mapError(error, key);
    return data.signedUrl;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    assertValidObjectKey(key);
    const { error } = await this.files.upload(key, bytes, { contentType: checkContentType(contentType), upsert: false, cacheControl: '0' });
    if (error) throw mapError(error, key);
  }

  async get(key: string): Promise<Uint8Array | null> {
    assertValidObjectKey(key);
    const { data, error } = await this.files.download(key);
    if (error) {
      if (isNotFound(error)) return null;
      throw mapError(error, key);
    }
    return new Uint8Array(await data.arrayBuffer());
  }

  async head(key: string): Promise<{ bytes: number; contentType: string } | null> {
    assertValidObjectKey(key);
    const { data, error } = await this.files.info(key);
    if (error) {
      if (isNotFound(error)) return null;
      throw mapError(error, key);
    }
    const bytes = data.size ?? data.metadata?.size;
    const contentType = data.contentType ?? data.metadata?.mimetype;
    if (typeof bytes !== 'number' || !contentType) throw new AppError('internal', { message: `storage info for ${key} lacks size or type` });
    return { bytes, contentType };
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    // remove() answers an empty list, not an error, for a missing object: delete stays idempotent.
    const { error } = await this.files.remove([key]);
    if (error && !isNotFound(error)) throw mapError(error, key);
  }
}

interface StorageErrorish {
  message: string;
  status?: number;
  statusCode?: string;
  code?: string;
}

// Storage reports "not found" as HTTP 404, as 400 with statusCode "404", or with code NoSuchKey.
function isNotFound(e: StorageErrorish): boolean {
  return e.status === 404 || e.statusCode === '404' || e.code === 'NoSuchKey';
}

function mapError(e: StorageErrorish, key: string): AppError {
  const status = e.status ?? Number(e.statusCode);
  const message = `supabase storage (${key}): ${e.message}`;
  if (isNotFound(e)) return new AppError('not_found', { message, cause: e });
  if (status === 409 || e.statusCode === '409' || e.code === 'Duplicate' || e.code === 'ResourceAlreadyExists') {
    return new AppError('conflict', { message, cause: e });
  }
  if (status === 413 || e.code === 'EntityTooLarge') return new AppError('too_large', { message, cause: e });
  if (status === 415 || e.code === 'InvalidMimeType') return new AppError('unsupported_media', { message, cause: e });
  return new AppError('internal', { message, cause: e });
}
