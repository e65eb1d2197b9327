import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { createBackup } from '../../lib/server/archive/backup/create-backup';
import { readBackup, restoreBackup, type RestoreTarget } from '../../lib/server/archive/backup/restore-backup';
import { countRows } from '../../lib/server/archive/backup/snapshot';
import { verifyAuditChain } from '../../lib/server/archive/verify-audit';
import { loadAccess } from '../../lib/server/auth/access';
import { openPostgres } from '../../lib/server/db/postgres';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { getStore } from '../../lib/server/storage';
import { LocalObjectStore } from '../../lib/server/storage/local';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeDepartment, makeIdNumber, makeReadyPhoto, makeStudent, makeUser, validForm } from '../factories';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'civ-backup-'));
process.env.DATA_DIR ??= path.join(tmp, 'data');
const photo = readFileSync(path.resolve(import.meta.dirname, '../fixtures/id-front.jpg'));
const back = readFileSync(path.resolve(import.meta.dirname, '../fixtures/id-back.jpg'));

let t: TestDb;
const stored: { key: string; bytes: Buffer }[] = [];
let lostKeys: string[] = [];
const targets: { drop: () => Promise<void> }[] = [];

/** A fresh target: a new PostgreSQL database (dropped afterwards) or an empty PGlite data directory. */
async function newTarget(): Promise<RestoreTarget> {
  if (testEngine === 'pglite') return { kind: 'pglite', dataDir: mkdtempSync(path.join(tmp, 'restored-pglite-')) };
  const name = `civ_restore_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(process.env.TEST_PG_URL!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.TEST_PG_URL!);
  url.pathname = `/${name}`;
  targets.push({
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  });
  return { kind: 'postgres', url: url.toString(), open: () => openPostgres(url.toString(), { max: 2 }) };
}

const newStore = () => new LocalObjectStore({ root: mkdtempSync(path.join(tmp, 'restored-storage-')), signingSecret: randomBytes(32).toString('hex') });

beforeAll(async () => {
  t = await freshDb();
  const dept = await makeDepartment(t.db);
  for (const name of ['上官婉儿', '诸葛亮']) {
    const u = await makeUser(t.db);
    const s = await makeStudent(t.db, dept.id, { userId: u.id, name });
    const access = (await loadAccess(u.ctx))!;
    await acceptNotice({ access, input: { version: NOTICE_VERSION } });
    for (const [kind, bytes] of [
      ['id_front', photo],
      ['id_back', back],
    ] as const) {
      const id = await makeReadyPhoto(t.db, s.id, u.id, kind);
      const [d] = await t.db.query<{ object_key: string; thumb_key: string }>('select object_key, thumb_key from public.documents where id = $1', [id]);
      for (const key of [d!.object_key, d!.thumb_key]) {
        const b = Buffer.concat([bytes, randomBytes(8)]);
        await getStore().put(key, b, 'image/jpeg');
        stored.push({ key, bytes: b });
      }
    }
    await submitIdentity({
      access,
      input: {
        form: validForm({ legalName: name, birthDate: '2001-02-03', sex: 'male', idNumber: makeIdNumber('20010203', 'male') }),
        idempotencyKey: randomUUID(),
      },
    });
  }
  // One document whose object is gone from storage (as after a crash between delete and commit).
  const [s0] = await t.db.query<{ id: string; user_id: string }>('select id, user_id from public.students where user_id is not null limit 1');
  const lost = await makeReadyPhoto(t.db, s0!.id, s0!.user_id, 'evidence');
  const [l] = await t.db.query<{ o: string; th: string }>('select object_key as o, thumb_key as th from public.documents where id = $1', [lost]);
  lostKeys = [l!.o, l!.th].sort();
});
afterAll(async () => {
  await t?.cleanup();
  for (const x of targets) await x.drop();
  rmSync(tmp, { recursive: true, force: true });
});

describe(`backup and restore on ${testEngine}`, () => {
  let dir = '';
  let sourceCounts: Record<string, number> = {};

  it('writes the database, every referenced photo and a manifest with counts and sha256', async () => {
    dir = path.join(tmp, 'backup-1');
    sourceCounts = await countRows(t.db);
    const phases = new Set<string>();
    const m = await createBackup({ db: t.db, databaseUrl: t.url, store: getStore(), outDir: dir, onProgress: (p) => void phases.add(p.phase) });
    expect(phases).toEqual(new Set(['database', 'files']));
    expect(m.engine).toBe(testEngine);
    expect(m.tables).toEqual(sourceCounts);
    expect(m.tables['public.identity_versions']).toBe(2);
    expect(m.tables['public.audit_events']).toBeGreaterThan(0);
    expect(m.files.map((f) => f.key).sort()).toEqual(stored.map((s) => s.key).sort());
    expect([...m.missing].sort()).toEqual(lostKeys);
    for (const s of stored) {
      const f = m.files.find((x) => x.key === s.key)!;
      expect(readFileSync(path.join(dir, 'files', f.sha256)).equals(s.bytes)).toBe(true);
    }
    expect(readdirSync(dir).sort()).toEqual([m.database.file, 'files', 'manifest.json'].sort());
    expect(m.database.file).toBe(testEngine === 'postgres' ? 'database.dump' : 'pglite-datadir.tar.gz');
    await expect(createBackup({ db: t.db, databaseUrl: t.url, store: getStore(), outDir: dir })).rejects.toThrow(/not empty/);
  });

  it('restores into a new database and storage with the same counts and checksums; the audit chain verifies', async () => {
    const sourceAudit = await verifyAuditChain(t.db);
    const store = newStore();
    const target = await newTarget();
    const phases = new Set<string>();
    const r = await restoreBackup({ dir, target, store, onProgress: (p) => void phases.add(p.phase) });
    expect(phases).toEqual(new Set(['verify', 'database', 'files']));
    expect(r.countMismatches).toEqual([]);
    expect(r.fileMismatches).toEqual([]);
    expect(r.audit).toMatchObject({ ok: true, rows: sourceAudit.rows });
    expect(r.ok).toBe(true);
    for (const s of stored) expect(Buffer.from((await store.get(s.key))!).equals(s.bytes)).toBe(true);
    // Independently of the report: open the restored copy and count again.
    const db = target.kind === 'postgres' ? target.open() : await (await import('../../lib/server/db/pglite')).openPglite(target.dataDir);
    try {
      expect(await countRows(db)).toEqual(sourceCounts);
      const names = await db.query<{ name: string }>('select legal_name as name from public.identity_versions order by legal_name');
      expect(names.map((n) => n.name).sort()).toEqual(['上官婉儿', '诸葛亮'].sort());
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      await db.close();
    }
    // A target that is not empty any more is refused.
    await expect(restoreBackup({ dir, target, store: newStore() })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses a backup whose files do not match the manifest, before writing anything', async () => {
    const m = await readBackup(dir);
    const victim = path.join(dir, 'files', m.files[0]!.sha256);
    const original = readFileSync(victim);
    writeFileSync(victim, Buffer.concat([original, Buffer.from('x')]));
    try {
      const store = newStore();
      await expect(restoreBackup({ dir, target: await newTarget(), store })).rejects.toMatchObject({ code: 'tampered' });
      expect(await store.get(m.files[1]!.key)).toBeNull();
    } finally {
      writeFileSync(victim, original);
    }
    await expect(readBackup(path.join(tmp, 'no-such-backup'))).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
