import 'server-only';
import { AppError } from '../errors';
import { errorResponse } from '../http/respond';
import type { StorageOp, StorageTokenPayload } from './local';
import type { ObjectStore } from './types';

/**
 * The logic behind /api/storage/upload and /api/storage/object, with the store and the token check
 * passed in so tests can drive it without getEnv(). Refusals are the adapter's localized JSON
 * (`{ error, code, message }`), never a stack trace.
 */
export type VerifyToken = (token: string, op: StorageOp) => StorageTokenPayload;
export type DownloadSource = {
  openRead(key: string): Promise<{ stream: ReadableStream<Uint8Array>; bytes: number; contentType: string } | null>;
};

const SAFE_HEADERS = { 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };

/** The shared mapping (lib/server/http/respond.ts), plus this route's no-referrer. */
function toResponse(req: Request, e: unknown): Response {
  const res = errorResponse(e, { format: 'json', headers: req.headers, what: 'storage route' });
  res.headers.set('Referrer-Policy', 'no-referrer');
  return res;
}

function tokenOf(req: Request): string {
  const token = new URL(req.url).searchParams.get('token');
  if (!token) throw new AppError('invalid_input', { message: 'token missing' });
  return token;
}

/** Media type without parameters, lower-cased: "Image/JPEG; q=1" → "image/jpeg". */
function mediaType(header: string | null): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export async function handleUpload(req: Request, store: Pick<ObjectStore, 'put'>, verify: VerifyToken): Promise<Response> {
  try {
    const t = verify(tokenOf(req), 'put');
    const max = t.max!;
    if (mediaType(req.headers.get('content-type')) !== t.ct) throw new AppError('unsupported_media', { message: 'content type differs from the signed one' });

    // A declared length over the limit is refused before reading anything.
    const declared = req.headers.get('content-length');
    let expected: number | null = null;
    if (declared !== null) {
      if (!/^\d{1,15}$/.test(declared.trim())) throw new AppError('invalid_input', { message: 'bad Content-Length' });
      expected = Number(declared.trim());
      if (expected > max) throw new AppError('too_large', { message: `declared ${expected} > ${max}` });
    }

    // The header can be absent (chunked) or lie, so count while reading and stop at max + 1.
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (req.body) {
      const reader = req.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > max) {
          await reader.cancel().catch(() => {});
          throw new AppError('too_large', { message: `body exceeds ${max} bytes` });
        }
        chunks.push(value);
      }
    }
    if (total === 0) throw new AppError('invalid_input', { message: 'empty body' });
    if (expected !== null && expected !== total) throw new AppError('invalid_input', { message: 'body length differs from Content-Length' });

    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    await store.put(t.k, bytes, t.ct!);
    return new Response(null, { status: 204, headers: SAFE_HEADERS });
  } catch (e) {
    return toResponse(req, e);
  }
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name in filename*. */
function contentDisposition(name: string | undefined): string {
  if (!name) return 'inline';
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function handleDownload(req: Request, store: DownloadSource, verify: VerifyToken): Promise<Response> {
  try {
    const t = verify(tokenOf(req), 'get');
    const obj = await store.openRead(t.k);
    if (!obj) throw new AppError('not_found', { message: 'object missing' });
    return new Response(obj.stream, {
      status: 200,
      headers: {
        ...SAFE_HEADERS,
        'Content-Type': obj.contentType,
        'Content-Length': String(obj.bytes),
        'Content-Disposition': contentDisposition(t.dn),
        // Whatever the bytes are, the browser must never run them as a page.
        'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      },
    });
  } catch (e) {
    return toResponse(req, e);
  }
}
