import 'server-only';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dumpPglite } from '../../db/pglite';
import type { Database, Queryable } from '../../db/types';
import type { ObjectStore } from '../../storage';
import { MANIFEST_FORMAT, type BackupProgress, type Manifest } from './manifest';
import { auditHeads, countRows, referencedObjects, schemaVersion } from './snapshot';

export interface BackupOptions {
  db: Database;
  /** PostgreSQL: the URL pg_dump connects with (the same database as `db`). */
  databaseUrl?: string | null;
  store: ObjectStore;
  /** A new or empty directory. */
  outDir: string;
  onProgress?: (p: BackupProgress) => void;
  /** pg_dump binary (PostgreSQL 15+ client, at least the server's major version). */
  pgDump?: string;
}

/**
 * A consistent snapshot (decision 064): the database — `pg_dump --format=custom` on PostgreSQL,
 * PGlite's data directory on the embedded default — and the stored objects the snapshot
 * references, with manifest.json (row counts, sha256 of every file) written last.
 *
 * On PostgreSQL the row counts and the list of objects are read in a repeatable-read transaction
 * whose snapshot pg_dump is given (--snapshot), so the dump, the counts and the file list describe
 * one instant while the app keeps running. Objects are create-only and never rewritten, so copying
 * them afterwards copies exactly the bytes the snapshot names; one deleted meanwhile (retention) is
 * listed as missing.
 */
export async function createBackup(opts: BackupOptions): Promise<Manifest> {
  const { db, store, outDir, onProgress } = opts;
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  if ((await readdir(outDir)).length > 0) throw new Error(`backup directory ${outDir} is not empty`);
  let meta: { tables: Record<string, number>; keys: string[]; heads: Manifest['auditHeads']; version: string | null };
  let database: Manifest['database'];
  const readSnapshot = async (q: Queryable) => ({
    tables: await countRows(q),
    keys: await referencedObjects(q),
    heads: await auditHeads(q),
    version: await schemaVersion(q),
  });

  onProgress?.({ phase: 'database', done: 0, total: null });
  if (db.kind === 'postgres') {
    if (!opts.databaseUrl) throw new Error('createBackup: databaseUrl is required for PostgreSQL');
    const file = path.join(outDir, 'database.dump');
    meta = await db.transaction(async (tx) => {
      await tx.query('set transaction isolation level repeatable read, read only');
      const [{ snapshot }] = (await tx.query<{ snapshot: string }>('select pg_export_snapshot() as snapshot')) as [{ snapshot: string }];
      const m = await readSnapshot(tx);
      // The transaction stays open until pg_dump is done: the exported snapshot lives as long as it.
      await runPgDump(opts.pgDump ?? 'pg_dump', opts.databaseUrl!, snapshot, file, onProgress);
      return m;
    });
    database = { file: 'database.dump', ...(await fileInfo(file)) };
  } else {
    meta = await readSnapshot(db);
    // PGlite is this process's only connection: nothing writes between the counts and the dump.
    const tar = await dumpPglite(db, 'gzip');
    const file = path.join(outDir, 'pglite-datadir.tar.gz');
    await writeFile(file, Buffer.from(await tar.arrayBuffer()), { mode: 0o600 });
    database = { file: 'pglite-datadir.tar.gz', ...(await fileInfo(file)) };
  }
  onProgress?.({ phase: 'database', done: database.bytes, total: database.bytes });

  await mkdir(path.join(outDir, 'files'), { mode: 0o700 });
  const files: Manifest['files'] = [];
  const missing: string[] = [];
  const written = new Set<string>();
  for (const [i, key] of meta.keys.entries()) {
    const head = await store.head(key);
    const bytes = head ? await store.get(key) : null;
    if (!head || !bytes) {
      missing.push(key);
    } else {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // Content-addressed: one copy of equal bytes, and a name that cannot escape the directory.
      if (!written.has(sha256)) {
        await writeFile(path.join(outDir, 'files', sha256), bytes, { mode: 0o600 });
        written.add(sha256);
      }
      files.push({ key, sha256, bytes: bytes.length, contentType: head.contentType });
    }
    onProgress?.({ phase: 'files', done: i + 1, total: meta.keys.length });
  }

  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    createdAt: new Date().toISOString(),
    engine: db.kind,
    schemaVersion: meta.version,
    database,
    tables: meta.tables,
    files,
    missing,
    auditHeads: meta.heads,
  };
  const tmp = path.join(outDir, 'manifest.json.tmp');
  await writeFile(tmp, JSON.stringify(manifest, null, 2), { mode: 0o600 });
  await rename(tmp, path.join(outDir, 'manifest.json'));
  return manifest;
}

export async function fileInfo(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { bytes: (await stat(file)).size, sha256: hash.digest('hex') };
}

function runPgDump(bin: string, url: string, snapshot: string, file: string, onProgress?: (p: BackupProgress) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--format=custom', '--no-password', `--snapshot=${snapshot}`, `--file=${file}`, `--dbname=${url}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    // Long dumps: report the file's size every two seconds.
    const timer = setInterval(() => {
      stat(file).then(
        (s) => onProgress?.({ phase: 'database', done: s.size, total: null, detail: 'pg_dump' }),
        // Not created yet: pg_dump opens the file once it has the schema.
        () => undefined,
      );
    }, 2000);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(new Error(`could not run ${bin} (install the PostgreSQL 15+ client): ${e.message}`));
    });
    child.on('close', (code) => {
      clearInterval(timer);
      if (code === 0) resolve();
      else reject(new Error(`pg_dump exited with ${code}: ${stderr.trim()}`));
    });
  });
}
