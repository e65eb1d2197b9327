import 'server-only';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { newObjectKey } from '../storage';
import { IMPORT_KINDS, type ImportKind } from './mapping';
import { MAX_IMPORT_BYTES, sniff } from './parse';

/**
 * An uploaded import file waits on local disk between the upload and the run (the mapping step in
 * between): `DATA_DIR/uploads/import/<user id>/<128-bit random>`. The id handed to the browser is
 * only the random part and is always resolved under the caller's own directory, so nobody can
 * name another registrar's upload. The file is deleted after the run and swept after a day: a
 * roster export holds every student's ID number in clear, and only its hash is worth keeping.
 *
 * Local disk, not the object store: the run reads the file as a stream, twice (preview, run), and
 * ObjectStore.get returns whole buffers. Several app instances behind a load balancer would need
 * the upload and the run on the same instance (or a shared DATA_DIR).
 */
const ACCEPTED_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.xlsx']);
const UPLOAD_ID = /^[A-Za-z0-9_-]{22}$/;
const MAX_AGE_MS = 24 * 3600_000;

export interface ImportUpload {
  uploadId: string;
  kind: ImportKind;
  fileName: string;
  bytes: number;
  path: string;
}
const ZMeta = z.object({ kind: z.enum(IMPORT_KINDS), fileName: z.string(), bytes: z.number().int() });

function userDir(userId: string): string {
  // userId is the account's uuid from the database, never request input.
  return path.join(getEnv().dataDir, 'uploads', 'import', userId.toLowerCase());
}

const ZUpload = z.object({
  kind: z.enum(IMPORT_KINDS),
  fileName: z
    .string()
    .transform((s) =>
      s
        .split(/[\\/]/)
        .pop()!
        .replace(/[\u0000-\u001f\u007f]/g, '')
        .trim()
        .slice(0, 255),
    )
    .pipe(z.string().min(1)),
  contentLength: z.number().int().nonnegative().nullable().optional(),
});

/** Streams an upload to disk with a size limit, then checks by its first bytes that it is CSV or XLSX. */
export async function saveImportUpload({
  access,
  input,
}: {
  access: Access | null;
  input: { kind: string; fileName: string; contentLength?: number | null; body: ReadableStream<Uint8Array> | Readable | null };
}): Promise<{ uploadId: string; kind: ImportKind; fileName: string; bytes: number }> {
  const me = requireRole(access, 'registrar');
  const parsed = ZUpload.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { userMessage: 'imports.errors.input', message: parsed.error.message });
  const { kind, fileName } = parsed.data;
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.xls') throw new AppError('unsupported_media', { userMessage: 'imports.file.xls', message: 'legacy .xls' });
  if (!ACCEPTED_EXTENSIONS.has(ext)) throw new AppError('unsupported_media', { userMessage: 'imports.file.type', message: `extension ${ext}` });
  if ((parsed.data.contentLength ?? 0) > MAX_IMPORT_BYTES)
    throw new AppError('too_large', { userMessage: 'imports.file.tooLarge', message: 'declared length' });
  if (!input.body) throw new AppError('invalid_input', { userMessage: 'imports.file.empty', message: 'no body' });

  const dir = userDir(me.user.id);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await sweep(dir);
  const uploadId = newObjectKey('import', me.user.id).split('/')[2]!;
  const file = path.join(dir, uploadId);
  let bytes = 0;
  const source = input.body instanceof Readable ? input.body : Readable.fromWeb(input.body as import('node:stream/web').ReadableStream<Uint8Array>);
  try {
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Uint8Array>) {
        for await (const c of chunks) {
          bytes += c.byteLength;
          // Counted, not trusted from Content-Length: the header can be absent or lie.
          if (bytes > MAX_IMPORT_BYTES) throw new AppError('too_large', { userMessage: 'imports.file.tooLarge', message: 'body over limit' });
          yield c;
        }
      },
      createWriteStream(file, { flags: 'wx', mode: 0o600 }),
    );
    const handle = await open(file, 'r');
    const head = Buffer.alloc(Math.min(bytes, 64 * 1024));
    try {
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
    const sniffed = sniff(head);
    if ('unsupported' in sniffed)
      throw new AppError('unsupported_media', { userMessage: sniffed.unsupported, message: `content refused: ${sniffed.unsupported}` });
    await writeFile(`${file}.json`, JSON.stringify({ kind, fileName, bytes }), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  }
  return { uploadId, kind, fileName, bytes };
}

/** The caller's own upload, or not_found. */
export async function resolveImportUpload({ access, input }: { access: Access | null; input: { uploadId: string } }): Promise<ImportUpload> {
  const me = requireRole(access, 'registrar');
  if (typeof input.uploadId !== 'string' || !UPLOAD_ID.test(input.uploadId))
    throw new AppError('not_found', { userMessage: 'imports.errors.uploadGone', message: 'bad upload id' });
  const file = path.join(userDir(me.user.id), input.uploadId);
  try {
    const meta = ZMeta.parse(JSON.parse(await readFile(`${file}.json`, 'utf8')));
    return { uploadId: input.uploadId, ...meta, path: file };
  } catch (e) {
    throw new AppError('not_found', { userMessage: 'imports.errors.uploadGone', message: 'upload missing', cause: e });
  }
}

export async function discardImportUpload({ access, input }: { access: Access | null; input: { uploadId: string } }): Promise<void> {
  const me = requireRole(access, 'registrar');
  if (!UPLOAD_ID.test(input.uploadId)) return;
  const file = path.join(userDir(me.user.id), input.uploadId);
  await rm(`${file}.json`, { force: true });
  await rm(file, { force: true });
}

async function sweep(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir)) {
    const p = path.join(dir, name);
    const s = await stat(p).catch(() => null);
    if (s && now - s.mtimeMs > MAX_AGE_MS) await rm(p, { force: true });
  }
}
