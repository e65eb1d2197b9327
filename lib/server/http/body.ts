import 'server-only';
import { AppError } from '../errors';

/**
 * Request bodies are read with a byte limit, counting while reading: Content-Length can be absent
 * (chunked) or lie. A declared length over the limit is refused before a byte is read, so an
 * oversized body costs neither memory nor a database round trip, signed in or not.
 */
export type BodyKind = 'json' | 'form' | 'text' | 'stream' | 'none';

const tooLarge = (limit: number) => new AppError('too_large', { message: `body over ${limit} bytes`, userMessage: 'http.tooLarge' });

export function mediaTypeOf(h: Headers): string {
  return (h.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Refuses a declared Content-Length over the limit (or a malformed one) before reading. */
export function checkDeclaredLength(h: Headers, limit: number): number | null {
  const declared = h.get('content-length');
  if (declared === null) return null;
  if (!/^\d{1,15}$/.test(declared.trim())) throw new AppError('invalid_input', { message: 'bad Content-Length', userMessage: 'http.malformedBody' });
  const n = Number(declared.trim());
  if (n > limit) throw tooLarge(limit);
  return n;
}

/** A stream that errors with a 413 AppError as soon as more than `limit` bytes pass through. */
export function limitStream(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let total = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, c) {
        total += chunk.byteLength;
        if (total > limit) c.error(tooLarge(limit));
        else c.enqueue(chunk);
      },
    }),
  );
}

export async function readLimited(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  checkDeclaredLength(req.headers, limit);
  if (!req.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(new ArrayBuffer(total));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError('invalid_input', { message: 'body is not UTF-8', userMessage: 'http.malformedBody' });
  }
}

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** Reads and parses the body the route declared; the wrong media type is a 415, bad syntax a 400. */
export async function readBody(req: Request, kind: BodyKind, limit: number): Promise<unknown> {
  if (kind === 'none' || kind === 'stream') return undefined;
  const type = mediaTypeOf(req.headers);
  if (kind === 'json') {
    if (type !== 'application/json' && !type.endsWith('+json')) {
      throw new AppError('unsupported_media', { message: `expected JSON, got "${type.slice(0, 60)}"`, userMessage: 'http.wrongContentType' });
    }
    const text = decodeUtf8(await readLimited(req, limit));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AppError('invalid_input', { message: 'malformed JSON', userMessage: 'http.malformedJson' });
    }
  }
  if (kind === 'form') {
    if (!FORM_TYPES.has(type)) {
      throw new AppError('unsupported_media', { message: `expected a form, got "${type.slice(0, 60)}"`, userMessage: 'http.wrongContentType' });
    }
    const bytes = await readLimited(req, limit);
    try {
      return await new Response(bytes, { headers: { 'content-type': req.headers.get('content-type')! } }).formData();
    } catch {
      throw new AppError('invalid_input', { message: 'malformed form body', userMessage: 'http.malformedBody' });
    }
  }
  return decodeUtf8(await readLimited(req, limit));
}
