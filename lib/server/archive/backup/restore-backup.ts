import 'server-only';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openPglite } from '../../db/pglite';
import type { Database, Queryable } from '../../db/types';
import { AppError } from '../../errors';
import type { ObjectStore } from '../../storage';
import { verifyAuditChain, type AuditVerifyResult } from '../verify-audit';
import { fileInfo } from './create-backup';
import { ZManifest, type BackupProgress, type Manifest } from './manifest';
import { countRows } from './snapshot';

export type RestoreTarget =
  /** An existing, empty database (create it first: `createdb`); the dump's roles must exist or are created. */
  | { kind: 'postgres'; url: string; open: () => Database }
  /** A new or empty directory for PGlite's data. */
  | { kind: 'pglite'; dataDir: string };

export interface RestoreReport {
  manifest: Manifest;
  /** tables whose restored count differs from the manifest (empty when the restore is faithful) */
  countMismatches: { table: string; expected: number; actual: number | null }[];
  /** stored objects whose restored bytes differ from the manifest's sha256, or are absent */
  fileMismatches: string[];
  audit: AuditVerifyResult;
  ok: boolean;
}

/** Reads and checks a backup directory: the manifest's shape and every checksum, before anything is written. */
export async function readBackup(dir: string, onProgress?: (p: BackupProgress) => void): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = ZManifest.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
  } catch (cause) {
    throw new AppError('invalid_input', { message: `${dir} has no valid manifest.json (an incomplete or foreign backup)`, cause });
  }
  const db = await fileInfo(path.join(dir, manifest.database.file));
  if (db.sha256 !== manifest.database.sha256 || db.bytes !== manifest.database.bytes) {
    throw new AppError('tampered', { message: `${manifest.database.file} does not match the manifest's sha256` });
  }
  const seen = new Set<string>();
  for (const [i, f] of manifest.files.entries()) {
    if (!seen.has(f.sha256)) {
      const body = await readFile(path.join(dir, 'files', f.sha256));
      if (sha256(body) !== f.sha256) throw new AppError('tampered', { message: `files/${f.sha256} does not match its checksum` });
      seen.add(f.sha256);
    }
    onProgress?.({ phase: 'verify', done: i + 1, total: manifest.files.length, detail: 'backup checksums' });
  }
  return manifest;
}

/**
 * Restores a backup into a fresh database and storage (decision 064), then proves it: per-table row
 * counts equal the manifest's, every stored object's sha256 equals the manifest's, and the audit
 * chains verify on the restored copy. Refuses a non-empty target rather than merging into it.
 */
export async function restoreBackup(opts: {
  dir: string;
  target: RestoreTarget;
  store: ObjectStore;
  onProgress?: (p: BackupProgress) => void;
  pgRestore?: string;
}): Promise<RestoreReport> {
  const { dir, target, store, onProgress } = opts;
  const manifest = await readBackup(dir, onProgress);
  if (manifest.engine !== target.kind) {
    throw new AppError('invalid_input', { message: `a ${manifest.engine} backup restores into ${manifest.engine}, not ${target.kind}` });
  }
  let db: Database;
  onProgress?.({ phase: 'database', done: 0, total: manifest.database.bytes });
  if (target.kind === 'pglite') {
    if (!(await isEmptyDir(target.dataDir))) throw new AppError('conflict', { message: `${target.dataDir} is not empty` });
    const tar = await readFile(path.join(dir, manifest.database.file));
    db = await openPglite(target.dataDir, { loadDataDir: new Blob([tar]) });
  } else {
    db = target.open();
    const [{ n }] = (await db.query<{ n: string }>(
      `select count(*)::text as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public' and c.relkind in ('r', 'p', 'v')`,
    )) as [{ n: string }];
    if (Number(n) > 0) {
      await db.close();
      throw new AppError('conflict', { message: 'the target database is not empty: restore into a new one (createdb)' });
    }
    // Roles are the cluster's, not the dump's: a new server needs the ones the grants name.
    await db.exec(ROLES_SQL);
    await runPgRestore(opts.pgRestore ?? 'pg_restore', target.url, path.join(dir, manifest.database.file));
  }
  onProgress?.({ phase: 'database', done: manifest.database.bytes, total: manifest.database.bytes });

  try {
    for (const [i, f] of manifest.files.entries()) {
      const body = await readFile(path.join(dir, 'files', f.sha256));
      const existing = await store.get(f.key);
      if (existing) {
        // A second restore attempt into the same storage: equal bytes are fine, others are not ours.
        if (sha256(existing) !== f.sha256) throw new AppError('conflict', { message: `storage already holds a different ${f.key}` });
      } else {
        await store.put(f.key, body, f.contentType);
      }
      onProgress?.({ phase: 'files', done: i + 1, total: manifest.files.length });
    }
    return await verifyRestore(db, store, manifest, onProgress);
  } finally {
    await db.close();
  }
}

/** Counts, checksums and the audit chain of a restored copy against its manifest. */
export async function verifyRestore(db: Queryable, store: ObjectStore, manifest: Manifest, onProgress?: (p: BackupProgress) => void): Promise<RestoreReport> {
  const counts = await countRows(db);
  const countMismatches: RestoreReport['countMismatches'] = [];
  for (const [table, expected] of Object.entries(manifest.tables)) {
    const actual = counts[table] ?? null;
    if (actual !== expected) countMismatches.push({ table, expected, actual });
  }
  const fileMismatches: string[] = [];
  for (const [i, f] of manifest.files.entries()) {
    const bytes = await store.get(f.key);
    if (!bytes || sha256(bytes) !== f.sha256) fileMismatches.push(f.key);
    onProgress?.({ phase: 'verify', done: i + 1, total: manifest.files.length, detail: 'restored files' });
  }
  const audit = await verifyAuditChain(db);
  return { manifest, countMismatches, fileMismatches, audit, ok: countMismatches.length === 0 && fileMismatches.length === 0 && audit.ok };
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// The same roles supabase/bootstrap creates (Supabase projects already have them).
const ROLES_SQL = `do $$
declare r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      begin
        execute format('create role %I nologin noinherit', r);
      exception when duplicate_object or unique_violation then
        null;
      end;
    end if;
  end loop;
end $$;`;

function runPgRestore(bin: string, url: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // One transaction: a failed restore leaves the new database empty, not half-filled. Objects are
    // owned by the restoring user (the app's), as they were by the app's user at the source.
    const child = spawn(bin, ['--exit-on-error', '--single-transaction', '--no-owner', '--no-password', `--dbname=${url}`, file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', (e) => reject(new Error(`could not run ${bin} (install the PostgreSQL 15+ client): ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_restore exited with ${code}: ${stderr.trim()}`))));
  });
}
