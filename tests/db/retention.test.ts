import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { runRetention } from '../../lib/server/archive/run-retention';
import { setLegalHold } from '../../lib/server/archive/set-legal-hold';
import { verifyAuditChain } from '../../lib/server/archive/verify-audit';
import { loadAccess } from '../../lib/server/auth/access';
import { withRls } from '../../lib/server/db/rls';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { getStore } from '../../lib/server/storage';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeIdNumber, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

process.env.DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'civ-retention-'));
let t: TestDb;
const engine = process.env.TEST_PG_URL ? 'PostgreSQL' : 'PGlite';
const photo = readFileSync(path.resolve(import.meta.dirname, '../fixtures/id-front.jpg'));
const NOW = new Date('2040-06-30T00:00:00Z');

async function student(dept: { id: string }, leftOn: string | null) {
  const u = await makeUser(t.db);
  const s = await makeStudent(t.db, dept.id, { userId: u.id, name: '慕容雪' });
  const access = (await loadAccess(u.ctx))!;
  await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  const keys: string[] = [];
  for (const kind of ['id_front', 'id_back']) {
    const id = await makeReadyPhoto(t.db, s.id, u.id, kind);
    const [d] = await t.db.query<{ object_key: string; thumb_key: string }>('select object_key, thumb_key from public.documents where id = $1', [id]);
    for (const k of [d!.object_key, d!.thumb_key]) {
      await getStore().put(k, photo, 'image/jpeg');
      keys.push(k);
    }
  }
  await submitIdentity({
    access,
    input: {
      form: validForm({ legalName: '慕容雪', idNumber: makeIdNumber('19900307', 'female', `11${String(10 + Math.floor(Math.random() * 89))}02`) }),
      idempotencyKey: randomUUID(),
    },
  });
  if (leftOn) await t.db.query(`update public.students set status = 'graduated', left_on = $2 where id = $1`, [s.id, leftOn]);
  return { id: s.id, number: s.studentNumber, keys, userId: u.id };
}

let dept: { id: string };
let old: Awaited<ReturnType<typeof student>>,
  held: Awaited<ReturnType<typeof student>>,
  recent: Awaited<ReturnType<typeof student>>,
  withCase: Awaited<ReturnType<typeof student>>;

beforeAll(async () => {
  t = await freshDb();
  dept = await makeDepartment(t.db);
  old = await student(dept, '2030-07-01');
  held = await student(dept, '2030-07-01');
  withCase = await student(dept, '2030-07-01');
  recent = await student(dept, '2038-07-01');
  const registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
  await setLegalHold({ access: registrar, input: { studentId: held.id, hold: true, reason: '诉讼保全' } });
  await t.db.query(`insert into public.cases (student_id, department_id, kind, source) values ($1, $2, 'anomaly', 'manual')`, [withCase.id, dept.id]);
});
afterAll(async () => t?.cleanup());

const snapshot = () =>
  t.db.query(`select s.name, s.redacted_at, v.legal_name, v.id_number_enc, v.id_number_bidx from public.students s
  join public.identity_versions v on v.student_id = s.id order by s.id, v.seq`);

describe(`retention on ${engine}`, () => {
  it('a dry run lists what would be redacted and skipped and changes nothing', async () => {
    const before = await snapshot();
    const r = await runRetention({ now: NOW, dryRun: true });
    expect(r.cutoff).toBe('2035-06-30');
    expect(r.redacted.map((x) => x.studentId)).toEqual([old.id]);
    expect(r.skipped).toEqual(
      expect.arrayContaining([
        { studentId: held.id, studentNumber: held.number, reason: 'legal_hold' },
        { studentId: withCase.id, studentNumber: withCase.number, reason: 'open_case' },
      ]),
    );
    expect(await snapshot()).toEqual(before);
    for (const k of old.keys) expect(await getStore().get(k)).not.toBeNull();
    expect(await t.db.query(`select 1 from public.student_events where type = 'student.redacted'`)).toHaveLength(0);
    const [a] = await t.db.query<{ details: Record<string, unknown> }>(
      `select details from public.audit_events where action = 'retention.run' and entity_id = $1`,
      [r.runId],
    );
    expect(a!.details).toMatchObject({ dry_run: true, would_redact: 1, skipped: 2, redacted: 0 });
  });

  it('redacts a graduate past the period: no ciphertext, no photos, names stubbed, event emitted, audit intact', async () => {
    const auditBefore = (await t.db.query<{ n: string }>(`select count(*)::text as n from public.audit_events where entity_id = $1`, [old.id]))[0]!.n;
    const r = await runRetention({ now: NOW, actor: { job: 'test' } });
    expect(r.redacted.map((x) => x.studentId)).toEqual([old.id]);
    expect(r.photosDeleted).toBeGreaterThanOrEqual(4);
    for (const k of old.keys) expect(await getStore().get(k)).toBeNull();
    const v = await t.db.query<Record<string, unknown>>(`select * from public.identity_versions where student_id = $1`, [old.id]);
    expect(v.length).toBe(1);
    expect(v[0]).toMatchObject({ legal_name: '已清除', id_number_enc: '', id_number_bidx: '', phone: null, email: null, birth_date: null });
    const [s] = await t.db.query<{ name: string }>('select name from public.students where id = $1', [old.id]);
    expect(s!.name).toBe('已清除');
    const [u] = await t.db.query<{ display_name: string }>('select display_name from public.app_users where id = $1', [old.userId]);
    expect(u!.display_name).toBe('已清除');
    expect(
      await t.db.query(`select 1 from public.documents where student_id = $1 and (object_key is not null or thumb_key is not null)`, [old.id]),
    ).toHaveLength(0);
    const ev = await t.db.query(`select 1 from public.student_events where type = 'student.redacted' and student_id = $1`, [old.id]);
    expect(ev).toHaveLength(1);
    const auditAfter = (await t.db.query<{ n: string }>(`select count(*)::text as n from public.audit_events where entity_id = $1`, [old.id]))[0]!.n;
    expect(Number(auditAfter)).toBe(Number(auditBefore) + 1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    // Held, open-case and recent students keep everything.
    for (const x of [held, withCase, recent]) {
      const [row] = await t.db.query<{ name: string; enc: string }>(
        `select s.name, v.id_number_enc as enc from public.students s join public.identity_versions v on v.student_id = s.id where s.id = $1`,
        [x.id],
      );
      expect(row!.name).toBe('慕容雪');
      expect(row!.enc).toMatch(/^v1\./);
      for (const k of x.keys) expect(await getStore().get(k)).not.toBeNull();
    }
    // A second run finds nothing new.
    const again = await runRetention({ now: NOW });
    expect(again.redacted).toEqual([]);
  });

  it('versions stay immutable apart from becoming a redacted shell', async () => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? String(e),
      );
    expect(await codeOf(t.db.query(`update public.identity_versions set legal_name = 'x' where student_id = $1`, [held.id]))).toBe('42501');
    expect(await codeOf(t.db.query(`update public.identity_versions set legal_name = 'x' where student_id = $1`, [old.id]))).toBe('42501');
    expect(await codeOf(t.db.query(`delete from public.identity_versions where student_id = $1`, [held.id]))).toBe('42501');
  });

  it("the legal hold is the registrar's; retention runs are readable by admin and registrar only", async () => {
    const reviewer = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: dept.id })).ctx))!;
    await expect(setLegalHold({ access: reviewer, input: { studentId: held.id, hold: false } })).rejects.toMatchObject({ code: 'forbidden' });
    const admin = await makeStaff(t.db, 'admin');
    const runs = await withRls(admin.ctx, (tx) => tx.query('select id from public.retention_runs'));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(await withRls(reviewer.ctx, (tx) => tx.query('select id from public.retention_runs'))).toEqual([]);
  });
});
