import 'server-only';
import { AppError } from '../errors';

/**
 * Where ID photos and evidence live. Two implementations (local disk, Supabase Storage) behind one
 * interface so the verification flow never knows which one it talks to. Keys always come from
 * `newObjectKey()` (see keys.ts), never from a request.
 */
export interface UploadTarget {
  /** Absolute URL (Supabase) or a same-origin path (local store) the phone PUTs the bytes to. */
  url: string;
  method: 'PUT';
  /** Headers the PUT must carry, at least the content type the target was issued for. */
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface ObjectStore {
  /**
   * A URL a phone can PUT the bytes to directly. The object is created once: a second PUT to the
   * same key is refused, so bytes cannot be swapped after the server has checked them.
   */
  createUploadTarget(key: string, opts: { contentType: string; maxBytes: number; expiresInSeconds?: number }): Promise<UploadTarget>;
  /** A short-lived (default 120 s) URL to read the object; `downloadName` makes it an attachment. */
  createDownloadUrl(key: string, opts?: { expiresInSeconds?: number; downloadName?: string }): Promise<string>;
  /** Creates the object; AppError('conflict') if the key already exists. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  head(key: string): Promise<{ bytes: number; contentType: string } | null>;
  /** Idempotent: deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
}

export const DEFAULT_DOWNLOAD_TTL_SECONDS = 120;
export const DEFAULT_UPLOAD_TTL_SECONDS = 600;
/** Supabase signed upload URLs live two hours; the local store uses the same ceiling. */
export const MAX_UPLOAD_TTL_SECONDS = 7200;
export const MAX_DOWNLOAD_TTL_SECONDS = 3600;

// A bare media type, no parameters: the upload route compares it byte for byte with the header.
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

export function checkContentType(contentType: string): string {
  const ct = String(contentType).trim().toLowerCase();
  if (!MEDIA_TYPE.test(ct)) throw new AppError('invalid_input', { message: `invalid content type ${JSON.stringify(contentType)}` });
  return ct;
}

export function checkTtl(seconds: number | undefined, fallback: number, max: number): number {
  const s = seconds ?? fallback;
  if (!Number.isInteger(s) || s < 1 || s > max) {
    throw new AppError('invalid_input', { message: `expiresInSeconds must be an integer in 1..${max}` });
  }
  return s;
}

/** A file name for Content-Disposition: no paths, no control characters, bounded length. */
export function checkDownloadName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (!name || name.length > 150 || /[\u0000-\u001f\u007f/\\]/.test(name) || name === '.' || name === '..') {
    throw new AppError('invalid_input', { message: 'invalid download name' });
  }
  return name;
}
