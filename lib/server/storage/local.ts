import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../errors';
import { assertValidObjectKey, isValidObjectKey } from './keys';
import {
  checkContentType,
  checkDownloadName,
  checkTtl,
  DEFAULT_DOWNLOAD_TTL_SECONDS,
  DEFAULT_UPLOAD_TTL_SECONDS,
  MAX_DOWNLOAD_TTL_SECONDS,
  MAX_UPLOAD_TTL_SECONDS,
  type ObjectStore,
  type UploadTarget,
} from './types';

/**
 * The embedded default: objects on local disk, reachable from outside only through
 * /api/storage/upload and /api/storage/object with a signed, expiring token. The token carries the
 * key, so the route never reads a key (or a path) from the request.
 *
 * Token: base64url(JSON payload) + '.' + base64url(HMAC-SHA256(secret, context + payload)).
 */
export type StorageOp = 'put' | 'get';

const Payload = z.object({
  k: z.string(),
  op: z.enum(['put', 'get']),
  exp: z.number().int(),
  max: z.number().int().positive().optional(),
  ct: z.string().optional(),
  dn: z.string().optional(),
});
export type StorageTokenPayload = z.infer<typeof Payload>;

// Domain separation: a MAC made with the same secret for some other purpose is never a token.
const MAC_CONTEXT = 'campus-id-verify/storage-token/v1.';
const B64URL = /^[A-Za-z0-9_-]+$/;

function mac(secret: string, payloadB64: string): string {
  return createHmac('sha256', secret)
    .update(MAC_CONTEXT + payloadB64)
    .digest('base64url');
}

export function signStorageToken(payload: StorageTokenPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/**
 * Checks the MAC before looking at anything inside, then expiry, then the operation. The MAC is
 * compared as its canonical base64url text, so a differently-encoded but equal MAC is refused too.
 */
export function verifyStorageToken(token: string, op: StorageOp, secret: string, now: () => number = Date.now): StorageTokenPayload {
  const tampered = (message: string) => new AppError('tampered', { message: `storage token: ${message}` });
  const parts = typeof token === 'string' && token.length <= 4096 ? token.split('.') : [];
  if (parts.length !== 2 || !B64URL.test(parts[0]!) || !B64URL.test(parts[1]!)) throw tampered('malformed');
  const expected = Buffer.from(mac(secret, parts[0]!), 'utf8');
  const given = Buffer.from(parts[1]!, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw tampered('bad signature');
  let payload: StorageTokenPayload;
  try {
    payload = Payload.parse(JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')));
  } catch (cause) {
    throw new AppError('tampered', { message: 'storage token: bad payload', cause });
  }
  if (now() >= payload.exp * 1000) throw new AppError('expired', { message: 'storage token expired' });
  if (payload.op !== op) throw tampered(`issued for ${payload.op}, used for ${op}`);
  if (!isValidObjectKey(payload.k)) throw tampered('bad key');
  if (op === 'put' && (payload.max === undefined || payload.ct === undefined)) throw tampered('put without limits');
  return payload;
}

export interface LocalStoreOptions {
  root: string;
  signingSecret: string;
  /** Milliseconds since the epoch; injectable so expiry is testable without sleeping. */
  now?: () => number;
}

const Meta = z.object({ contentType: z.string() });

export class LocalObjectStore implements ObjectStore {
  readonly root: string;
  private readonly secret: string;
  private readonly now: () => number;

  constructor(opts: LocalStoreOptions) {
    if (!opts.signingSecret || opts.signingSecret.length < 32) throw new Error('storage signing secret must be at least 32 characters');
    this.root = path.resolve(opts.root);
    this.secret = opts.signingSecret;
    this.now = opts.now ?? Date.now;
  }

  /** For the route handlers: the token's payload, or AppError expired/tampered. */
  verifyToken = (token: string, op: StorageOp): StorageTokenPayload => verifyStorageToken(token, op, this.secret, this.now);

  async createUploadTarget(key: string, opts: { contentType: string; maxBytes: number; expiresInSeconds?: number }): Promise<UploadTarget> {
    assertValidObjectKey(key);
    const ct = checkContentType(opts.contentType);
    if (!Number.isSafeInteger(opts.maxBytes) || opts.maxBytes < 1) throw new AppError('invalid_input', { message: 'maxBytes must be a positive integer' });
    const ttl = checkTtl(opts.expiresInSeconds, DEFAULT_UPLOAD_TTL_SECONDS, MAX_UPLOAD_TTL_SECONDS);
    const exp = Math.floor(this.now() / 1000) + ttl;
    const token = signStorageToken({ k: key, op: 'put', exp, max: opts.maxBytes, ct }, this.secret);
    return { url: `/api/storage/upload?token=${token}`, method: 'PUT', headers: { 'Content-Type': ct }, expiresAt: new Date(exp * 1000) };
  }

  async createDownloadUrl(key: string, opts: { expiresInSeconds?: number; downloadName?: string } = {}): Promise<string> {
    assertValidObjectKey(key);
    const ttl = checkTtl(opts.expiresInSeconds, DEFAULT_DOWNLOAD_TTL_SECONDS, MAX_DOWNLOAD_TTL_SECONDS);
    const dn = checkDownloadName(opts.downloadName);
    const exp = Math.floor(this.now() / 1000) + ttl;
    return `/api/storage/object?token=${signStorageToken({ k: key, op: 'get', exp, ...(dn ? { dn } : {}) }, this.secret)}`;
  }

  /**
   * Create-only and atomic: bytes and metadata go to temp files, the data file is hard-linked into
   * place (link fails if the name exists, so two writers cannot both win), then the metadata is
   * renamed in. Readers treat an object as present only once its metadata exists.
   */
  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const file = this.pathFor(key);
    const ct = checkContentType(contentType);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const tag = randomBytes(6).toString('hex');
    const tmpData = `${file}.${tag}.tmp`;
    const tmpMeta = `${file}.meta.${tag}.tmp`;
    try {
      await writeFile(tmpData, bytes, { flag: 'wx', mode: 0o600 });
      await writeFile(tmpMeta, JSON.stringify({ contentType: ct }), { flag: 'wx', mode: 0o600 });
      try {
        await link(tmpData, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('conflict', { message: `object ${key} already exists` });
        throw e;
      }
      await rename(tmpMeta, `${file}.meta.json`);
    } finally {
      await Promise.all([rmIfExists(tmpData), rmIfExists(tmpMeta)]);
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    const file = this.pathFor(key);
    if (!(await this.readMeta(file))) return null;
    try {
      return new Uint8Array(await readFile(file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async head(key: string): Promise<{ bytes: number; contentType: string } | null> {
    const file = this.pathFor(key);
    const meta = await this.readMeta(file);
    if (!meta) return null;
    try {
      return { bytes: (await stat(file)).size, contentType: meta.contentType };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /** Metadata first, so a half-deleted object already reads as absent. */
  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    await rmIfExists(`${file}.meta.json`);
    await rmIfExists(file);
  }

  /** For the download route: a stream over one open file, so its size and bytes agree. */
  async openRead(key: string): Promise<{ stream: ReadableStream<Uint8Array>; bytes: number; contentType: string } | null> {
    const file = this.pathFor(key);
    const meta = await this.readMeta(file);
    if (!meta) return null;
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    let size: number;
    try {
      size = (await handle.stat()).size;
    } catch (e) {
      await handle.close();
      throw e;
    }
    if (size === 0) {
      await handle.close();
      return { stream: new ReadableStream<Uint8Array>({ start: (c) => c.close() }), bytes: 0, contentType: meta.contentType };
    }
    // Reading exactly `size` bytes keeps Content-Length truthful; the stream closes the handle.
    const stream = Readable.toWeb(handle.createReadStream({ start: 0, end: size - 1 })) as unknown as ReadableStream<Uint8Array>;
    return { stream, bytes: size, contentType: meta.contentType };
  }

  /** The only way from a key to a path: validated shape, then resolved and checked to stay in root. */
  private pathFor(key: string): string {
    assertValidObjectKey(key);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new AppError('invalid_input', { message: 'object key escapes storage root' });
    return file;
  }

  private async readMeta(file: string): Promise<{ contentType: string } | null> {
    try {
      return Meta.parse(JSON.parse(await readFile(`${file}.meta.json`, 'utf8')));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
}

async function rmIfExists(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
