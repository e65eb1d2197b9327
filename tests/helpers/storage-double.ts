import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A wire-protocol test double of Supabase Storage (storage-api), small and local: the routes
 * @supabase/storage-js calls, answering the way the real server does — read from supabase/storage
 * (src/http/error-handler.ts, src/internal/errors/codes.ts, the object and bucket routes):
 *
 * - every error the server renders is HTTP **400** (500 only for internal errors) with the real
 *   status in the body: `{ statusCode: "404", code: "NoSuchKey", error: "NoSuchKey", message }`;
 *   `legacyErrors` answers as releases before the `code` field did: `{ statusCode, error, message }`
 *   with error "not_found" for a missing object and "Bucket not found" for a missing bucket;
 * - GET /object/authenticated/:bucket/* (and its alias /object/:bucket/*) checks the bucket first (NoSuchBucket), then the object;
 *   GET /object/info/:bucket/* looks only for the object (a wrong bucket reads NoSuchKey there);
 * - signed upload URLs are `/object/upload/sign/:bucket/*?token=<JWT>` whose `exp` is now +
 *   UPLOAD_SIGNED_URL_EXPIRATION_TIME (the self-hosted default is 60 seconds);
 * - uploads honour the bucket's file_size_limit (EntityTooLarge, 413) and allowed_mime_types
 *   (InvalidMimeType, 415); an existing key without x-upsert is KeyAlreadyExists (409).
 *
 * It is not Supabase: no RLS on storage.objects, no database, no S3. Tests that pass against it
 * prove our adapter reads this protocol correctly, not that a deployment is configured right.
 */
export interface Bucket {
  id: string;
  public: boolean;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
}

export interface StorageDouble {
  url: string;
  serviceKey: string;
  buckets: Map<string, Bucket>;
  objects: Map<string, { bytes: Buffer; contentType: string }>;
  requests: { method: string; path: string }[];
  options: { uploadExpirySeconds: number; legacyErrors: boolean };
  close(): Promise<void>;
}

const SECRET = 'storage-double-jwt-secret';
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
function signJwt(payload: Record<string, unknown>): string {
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64(payload);
  return `${head}.${body}.${createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url')}`;
}
function verifyJwt(token: string): Record<string, unknown> | null {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s || createHmac('sha256', SECRET).update(`${h}.${p}`).digest('base64url') !== s) return null;
  return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const read = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startStorageDouble(opts: { port?: number; serviceKey?: string } = {}): Promise<StorageDouble> {
  const serviceKey = opts.serviceKey ?? 'service-role-key-for-the-double';
  const buckets = new Map<string, Bucket>();
  const objects = new Map<string, { bytes: Buffer; contentType: string }>();
  const requests: { method: string; path: string }[] = [];
  const options = { uploadExpirySeconds: 60, legacyErrors: false };

  type Err = { status: string; code: string; legacy: string; message: string };
  const E = {
    noSuchKey: { status: '404', code: 'NoSuchKey', legacy: 'not_found', message: 'Object not found' },
    noSuchBucket: { status: '404', code: 'NoSuchBucket', legacy: 'Bucket not found', message: 'Bucket not found' },
    exists: { status: '409', code: 'KeyAlreadyExists', legacy: 'Duplicate', message: 'The resource already exists' },
    tooLarge: { status: '413', code: 'EntityTooLarge', legacy: 'Payload too large', message: 'The object exceeded the maximum allowed size' },
    mime: { status: '415', code: 'InvalidMimeType', legacy: 'invalid_mime_type', message: 'mime type is not supported' },
    jwt: { status: '400', code: 'InvalidJWT', legacy: 'Invalid JWT', message: 'Invalid Compact JWS' },
    expired: { status: '400', code: 'InvalidJWT', legacy: 'Invalid JWT', message: 'jwt expired' },
  } satisfies Record<string, Err>;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  };
  // storage-api's error handler: 400 for every rendered error except internal ones.
  const fail = (res: ServerResponse, e: Err) =>
    send(
      res,
      400,
      options.legacyErrors
        ? { statusCode: e.status, error: e.legacy, message: e.message }
        : { statusCode: e.status, code: e.code, error: e.code, message: e.message },
    );

  async function store(res: ServerResponse, bucketId: string, key: string, body: Buffer, contentType: string, upsert: boolean) {
    const bucket = buckets.get(bucketId);
    if (!bucket) return fail(res, E.noSuchBucket);
    if (bucket.file_size_limit !== null && body.length > bucket.file_size_limit) return fail(res, E.tooLarge);
    const ct = contentType.split(';')[0]!.trim();
    if (bucket.allowed_mime_types && !bucket.allowed_mime_types.includes(ct)) return fail(res, E.mime);
    const id = `${bucketId}/${key}`;
    if (objects.has(id) && !upsert) return fail(res, E.exists);
    objects.set(id, { bytes: body, contentType: ct });
    return send(res, 200, { Id: 'obj-id', Key: id });
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://double');
      const path = decodeURIComponent(url.pathname.replace(/^\/storage\/v1/, ''));
      requests.push({ method: req.method ?? '', path });
      const body = await read(req);
      let m: RegExpExecArray | null;

      // Signed upload: authorised by its token alone, like the phone's PUT.
      if (req.method === 'PUT' && (m = /^\/object\/upload\/sign\/([^/]+)\/(.+)$/.exec(path))) {
        const claims = verifyJwt(url.searchParams.get('token') ?? '');
        if (!claims) return fail(res, E.jwt);
        if (Number(claims.exp) * 1000 <= Date.now()) return fail(res, E.expired);
        if (claims.url !== `${m[1]}/${m[2]}`) return fail(res, E.jwt);
        return store(res, m[1]!, m[2]!, body, String(req.headers['content-type'] ?? ''), false);
      }
      if (req.headers.authorization !== `Bearer ${serviceKey}`) return fail(res, E.jwt);

      if (req.method === 'GET' && (m = /^\/bucket\/([^/]+)$/.exec(path))) {
        const b = buckets.get(m[1]!);
        return b ? send(res, 200, { ...b, name: b.id, owner: '', created_at: '', updated_at: '' }) : fail(res, E.noSuchBucket);
      }
      if (req.method === 'POST' && path === '/bucket') {
        const b = JSON.parse(body.toString()) as Bucket;
        if (buckets.has(b.id)) return fail(res, { status: '409', code: 'BucketAlreadyExists', legacy: 'Duplicate', message: 'The resource already exists' });
        buckets.set(b.id, { id: b.id, public: !!b.public, file_size_limit: b.file_size_limit ?? null, allowed_mime_types: b.allowed_mime_types ?? null });
        return send(res, 200, { name: b.id });
      }
      if (req.method === 'PUT' && (m = /^\/bucket\/([^/]+)$/.exec(path))) {
        if (!buckets.has(m[1]!)) return fail(res, E.noSuchBucket);
        const b = JSON.parse(body.toString()) as Bucket;
        buckets.set(m[1]!, { id: m[1]!, public: !!b.public, file_size_limit: b.file_size_limit ?? null, allowed_mime_types: b.allowed_mime_types ?? null });
        return send(res, 200, { message: 'Successfully updated' });
      }
      if (req.method === 'POST' && (m = /^\/object\/upload\/sign\/([^/]+)\/(.+)$/.exec(path))) {
        if (!buckets.has(m[1]!)) return fail(res, E.noSuchBucket);
        const token = signJwt({
          owner: '',
          url: `${m[1]}/${m[2]}`,
          upsert: false,
          iat: Math.floor(Date.now() / 1000),
          exp: Math.floor(Date.now() / 1000) + options.uploadExpirySeconds,
        });
        return send(res, 200, { url: `/object/upload/sign/${m[1]}/${m[2]}?token=${token}` });
      }
      if (req.method === 'POST' && (m = /^\/object\/sign\/([^/]+)\/(.+)$/.exec(path))) {
        if (!buckets.has(m[1]!)) return fail(res, E.noSuchBucket);
        if (!objects.has(`${m[1]}/${m[2]}`)) return fail(res, E.noSuchKey);
        const { expiresIn } = JSON.parse(body.toString()) as { expiresIn: number };
        return send(res, 200, {
          signedURL: `/object/sign/${m[1]}/${m[2]}?token=${signJwt({ url: `${m[1]}/${m[2]}`, exp: Math.floor(Date.now() / 1000) + expiresIn })}`,
        });
      }
      if (req.method === 'POST' && (m = /^\/object\/([^/]+)\/(.+)$/.exec(path))) {
        return store(res, m[1]!, m[2]!, body, String(req.headers['content-type'] ?? ''), req.headers['x-upsert'] === 'true');
      }
      if (req.method === 'GET' && (m = /^\/object\/info\/([^/]+)\/(.+)$/.exec(path))) {
        const o = objects.get(`${m[1]}/${m[2]}`);
        if (!o) return fail(res, E.noSuchKey);
        return send(res, 200, { id: 'obj-id', name: m[2], bucket_id: m[1], size: o.bytes.length, content_type: o.contentType, metadata: null });
      }
      // GET /object/authenticated/:bucket/* and its older alias GET /object/:bucket/* (what storage-js calls).
      if (req.method === 'GET' && (m = /^\/object\/(?:authenticated\/)?([^/]+)\/(.+)$/.exec(path))) {
        if (!buckets.has(m[1]!)) return fail(res, E.noSuchBucket);
        const o = objects.get(`${m[1]}/${m[2]}`);
        if (!o) return fail(res, E.noSuchKey);
        res.writeHead(200, { 'content-type': o.contentType, 'content-length': String(o.bytes.length) }).end(o.bytes);
        return;
      }
      if (req.method === 'DELETE' && (m = /^\/object\/([^/]+)$/.exec(path))) {
        const { prefixes } = JSON.parse(body.toString()) as { prefixes: string[] };
        const gone = prefixes.filter((p) => objects.delete(`${m![1]}/${p}`));
        return send(
          res,
          200,
          gone.map((name) => ({ name, bucket_id: m![1] })),
        );
      }
      return send(res, 404, { statusCode: '404', error: 'Not Found', message: `Route ${req.method}:${path} not found` });
    })().catch((e: unknown) => send(res, 500, { statusCode: '500', code: 'InternalError', error: 'InternalError', message: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    serviceKey,
    buckets,
    objects,
    requests,
    options,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
