import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { downloadDossier } from '../../lib/server/archive/download-dossier';
import { downloadMyCopy } from '../../lib/server/archive/download-my-copy';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { decideReview } from '../../lib/server/reviews/decide';
import { openReview } from '../../lib/server/reviews/open-review';
import { setLegalHold } from '../../lib/server/archive/set-legal-hold';
import { withRls } from '../../lib/server/db/rls';
import { revealIdNumber } from '../../lib/server/reviews/reveal-id-number';
import { getStore } from '../../lib/server/storage';
import { freshDb, type TestDb } from '../helpers/db';
import { pdfText } from '../helpers/pdf-text';
import { makeDepartment, makeIdNumber, makeOffice, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

// Photos go to a private local store for this file.
process.env.DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'civ-archive-'));

let t: TestDb;
const engine = process.env.TEST_PG_URL ? 'PostgreSQL' : 'PGlite';
const photo = readFileSync(path.resolve(import.meta.dirname, '../fixtures/id-front.jpg'));

async function readZip(stream: ReadableStream<Uint8Array>): Promise<Map<string, Buffer>> {
  const chunks: Buffer[] = [];
  for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
  const buf = Buffer.concat(chunks);
  return new Promise((resolve, reject) => {
    const files = new Map<string, Buffer>();
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e: yauzl.Entry) =>
        zip.openReadStream(e, (er, rs) => {
          if (er || !rs) return reject(er);
          const parts: Buffer[] = [];
          rs.on('data', (d: Buffer) => parts.push(d));
          rs.on('end', () => {
            files.set(e.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

interface Verified {
  access: Access;
  studentId: string;
  studentNumber: string;
  photos: string[];
  idNumber: string;
}
let dept: { id: string }, otherDept: { id: string };
let a: Verified, b: Verified;
let registrar: Access, reviewerOwn: Access, reviewerOther: Access, auditor: Access, officeReader: Access;

async function verifiedStudent(d: { id: string }, name: string, birth: string): Promise<Verified> {
  const u = await makeUser(t.db);
  const s = await makeStudent(t.db, d.id, { userId: u.id, name });
  const access = (await loadAccess(u.ctx))!;
  await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  const photos: string[] = [];
  for (const kind of ['id_front', 'id_back']) {
    const id = await makeReadyPhoto(t.db, s.id, u.id, kind);
    const [doc] = await t.db.query<{ object_key: string; thumb_key: string }>('select object_key, thumb_key from public.documents where id = $1', [id]);
    await getStore().put(doc!.object_key, photo, 'image/jpeg');
    await getStore().put(doc!.thumb_key, photo, 'image/jpeg');
    photos.push(id);
  }
  const idNumber = makeIdNumber(birth.replaceAll('-', ''), 'female', `11${String(10 + Math.floor(Math.random() * 89))}01`);
  await submitIdentity({ access, input: { form: validForm({ legalName: name, birthDate: birth, idNumber }), idempotencyKey: randomUUID() } });
  return { access, studentId: s.id, studentNumber: s.studentNumber, photos, idNumber };
}

beforeAll(async () => {
  t = await freshDb();
  dept = await makeDepartment(t.db);
  otherDept = await makeDepartment(t.db);
  registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
  const rv = await makeStaff(t.db, 'reviewer', { departmentId: dept.id });
  await t.db.query(`update public.app_users set display_name = '王审核' where id = $1`, [rv.id]);
  reviewerOwn = (await loadAccess(rv.ctx))!;
  reviewerOther = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: otherDept.id })).ctx))!;
  auditor = (await loadAccess((await makeStaff(t.db, 'auditor')).ctx))!;
  officeReader = (await loadAccess((await makeStaff(t.db, 'office', { officeCode: await makeOffice(t.db) })).ctx))!;
  a = await verifiedStudent(dept, '欧阳明月', '2004-05-06');
  b = await verifiedStudent(otherDept, '司马青云', '2003-02-11');
  const [rec] = await t.db.query<{ id: string }>('select id from public.identity_records where student_id = $1', [a.studentId]);
  const view = await openReview({ access: reviewerOwn, input: { recordId: rec!.id } });
  await decideReview({ access: reviewerOwn, input: { decision: 'verify', recordId: rec!.id, revision: view.record.revision } });
});
afterAll(async () => t?.cleanup());

describe(`dossier and student copy on ${engine}`, () => {
  it('streams a ZIP with the PDF (Chinese name extractable), the history, every document with sha256; audited', async () => {
    const before = await t.db.query(`select 1 from public.audit_events where action = 'dossier.download' and entity_id = $1`, [a.studentId]);
    const res = await downloadDossier({ access: registrar, input: { studentId: a.studentId } });
    expect(res.fileName).toBe(`dossier-${a.studentNumber}.zip`);
    const files = await readZip(res.stream);
    const pdf = files.get('学生身份信息登记表.pdf')!;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Embedded, subset CJK font: the whole TTC is ~19 MB.
    expect(pdf.length).toBeLessThan(2_000_000);
    const text = pdfText(pdf);
    expect(text).toContain('学生身份信息登记表');
    expect(text).toContain('欧阳明月');
    expect(text).toContain(a.studentNumber);
    expect(text).toContain('核验通过');
    expect(text).toContain('王审核');
    const versions = JSON.parse(files.get('versions.json')!.toString());
    expect(versions.versions).toHaveLength(1);
    expect(versions.versions[0].legalName).toBe('欧阳明月');
    expect(JSON.stringify(versions)).not.toContain(a.idNumber);
    const events = JSON.parse(files.get('events.json')!.toString());
    expect(events.reviewEvents.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['submitted', 'verified']));
    const manifest = JSON.parse(files.get('manifest.json')!.toString());
    for (const id of a.photos) {
      const entry = manifest.files.find((f: { name: string }) => f.name.includes(id));
      expect(entry).toBeTruthy();
      expect(files.get(entry.name)!.equals(photo)).toBe(true);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const after = await t.db.query<{ actor_role: string; details: { documents: number } }>(
      `select actor_role, details from public.audit_events where action = 'dossier.download' and entity_id = $1`,
      [a.studentId],
    );
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)!.details.documents).toBe(2);
  });

  it("gives the department's reviewer the dossier and refuses another department's reviewer and students", async () => {
    const own = await readZip((await downloadDossier({ access: reviewerOwn, input: { studentId: a.studentId } })).stream);
    expect(own.has('manifest.json')).toBe(true);
    await expect(downloadDossier({ access: reviewerOther, input: { studentId: a.studentId } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(downloadDossier({ access: b.access, input: { studentId: a.studentId } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(downloadDossier({ access: registrar, input: { studentId: 'nope' } })).rejects.toMatchObject({ code: 'not_found' });
    const refusedAudit = await t.db.query(`select 1 from public.audit_events where action = 'dossier.download' and actor_id = $1`, [reviewerOther.user.id]);
    expect(refusedAudit).toHaveLength(0);
  });

  it('prints the same form from the review screen by record id, audited as dossier.print', async () => {
    const [rec] = await t.db.query<{ id: string }>('select id from public.identity_records where student_id = $1', [a.studentId]);
    const d = await downloadDossier({ access: reviewerOwn, input: { recordId: rec!.id }, format: 'pdf' });
    expect(d.contentType).toBe('application/pdf');
    const chunks: Buffer[] = [];
    for await (const c of d.stream as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
    expect(pdfText(Buffer.concat(chunks))).toContain('欧阳明月');
    await expect(downloadDossier({ access: reviewerOther, input: { recordId: rec!.id }, format: 'pdf' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await t.db.query(`select 1 from public.audit_events where action = 'dossier.print' and entity_id = $1`, [a.studentId])).toHaveLength(1);
  });

  it('gives a student a copy of only their own data, audited', async () => {
    const copy = await downloadMyCopy({ access: a.access });
    const body = JSON.parse(copy.json);
    expect(body.student.studentNumber).toBe(a.studentNumber);
    expect(body.currentIdNumber).toBe(a.idNumber);
    expect(body.versions).toHaveLength(1);
    expect(body.noticesAccepted.map((n: { noticeVersion: string }) => n.noticeVersion)).toEqual([NOTICE_VERSION]);
    expect(body.decisions.map((d: { kind: string }) => d.kind)).toContain('verified');
    expect(body.documents.map((d: { id: string }) => d.id).sort()).toEqual([...a.photos].sort());
    expect(copy.json).not.toContain(b.studentNumber);
    expect(copy.json).not.toContain('司马青云');
    expect(copy.json).not.toContain(b.idNumber);
    const rows = await t.db.query(`select 1 from public.audit_events where action = 'student_copy.download' and entity_id = $1 and actor_id = $2`, [
      a.studentId,
      a.access.user.id,
    ]);
    expect(rows).toHaveLength(1);
    await expect(downloadMyCopy({ access: registrar })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('gives an auditor the dossier of any department, ID number masked, audited as auditor', async () => {
    for (const x of [a, b]) {
      const res = await downloadDossier({ access: auditor, input: { studentId: x.studentId } });
      const files = await readZip(res.stream);
      const text = pdfText(files.get('学生身份信息登记表.pdf')!);
      expect(text).toContain(x === a ? '欧阳明月' : '司马青云');
      expect(text).not.toContain(x.idNumber);
      expect(text).toContain(`${x.idNumber.slice(0, 4)}${'*'.repeat(10)}${x.idNumber.slice(-4)}`);
      const manifest = JSON.parse(files.get('manifest.json')!.toString());
      for (const id of x.photos) expect(manifest.files.some((f: { name: string }) => f.name.includes(id))).toBe(true);
      const [row] = await t.db.query<{ actor_role: string }>(
        `select actor_role from public.audit_events where action = 'dossier.download' and entity_id = $1 and actor_id = $2`,
        [x.studentId, auditor.user.id],
      );
      expect(row!.actor_role).toBe('auditor');
    }
    // The registrar's copy of the same student carries the full number.
    const full = await readZip((await downloadDossier({ access: registrar, input: { studentId: a.studentId } })).stream);
    expect(pdfText(full.get('学生身份信息登记表.pdf')!)).toContain(a.idNumber);
  });

  it('lets the auditor do nothing else with the record: no print, reveal, legal hold, or writes', async () => {
    const [rec] = await t.db.query<{ id: string; revision: number }>('select id, revision from public.identity_records where student_id = $1', [a.studentId]);
    await expect(downloadDossier({ access: auditor, input: { recordId: rec!.id }, format: 'pdf' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(revealIdNumber({ access: auditor, input: { recordId: rec!.id } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(openReview({ access: auditor, input: { recordId: rec!.id } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(decideReview({ access: auditor, input: { decision: 'verify', recordId: rec!.id, revision: rec!.revision } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(setLegalHold({ access: auditor, input: { studentId: a.studentId, hold: true, reason: '审计' } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(downloadMyCopy({ access: auditor })).rejects.toMatchObject({ code: 'forbidden' });
    // RLS, as the auditor (a non-superuser role): the dossier's rows of one student, only inside a
    // transaction bound to that student (as downloadDossier binds it); writes never.
    const countAs = (bound: string | null, studentId: string) =>
      withRls(auditor.ctx, async (tx) => {
        if (bound) await tx.query(`select set_config('app.dossier_student', $1, true)`, [bound]);
        const n = async (sql: string) => Number((await tx.query<{ n: string }>(sql, [studentId]))[0]!.n);
        return {
          students: await n('select count(*)::text as n from public.students where id = $1'),
          records: await n('select count(*)::text as n from public.identity_records where student_id = $1'),
          versions: await n('select count(*)::text as n from public.identity_versions where student_id = $1'),
          pinned: await n(
            'select count(*)::text as n from public.version_documents vd join public.identity_versions v on v.id = vd.version_id where v.student_id = $1',
          ),
          events: await n(
            'select count(*)::text as n from public.review_events e join public.identity_records r on r.id = e.record_id where r.student_id = $1',
          ),
          documents: await n('select count(*)::text as n from public.documents where student_id = $1'),
          consents: await n('select count(*)::text as n from public.consents where student_id = $1'),
        };
      });
    const none = { students: 0, records: 0, versions: 0, pinned: 0, events: 0, documents: 0, consents: 0 };
    const counts = await countAs(a.studentId, a.studentId);
    expect(await countAs(null, a.studentId)).toEqual(none);
    expect(await countAs(a.studentId, b.studentId)).toEqual(none);
    // The binding alone gives nothing to someone who is not an auditor.
    const boundForOffice = await withRls(officeReader.ctx, async (tx) => {
      await tx.query(`select set_config('app.dossier_student', $1, true)`, [a.studentId]);
      return tx.query('select 1 from public.identity_versions');
    });
    expect(boundForOffice).toEqual([]);
    expect(counts).toEqual({ students: 1, records: 1, versions: 1, pinned: 2, events: 2, documents: 2, consents: 1 });
    const writes: [string, unknown[]][] = [
      ['update public.students set name = $2 where id = $1', [a.studentId, '改名']],
      ['update public.identity_records set state = $2 where student_id = $1', [a.studentId, 'submitted']],
      ['update public.documents set status = $2 where student_id = $1', [a.studentId, 'rejected']],
      ['update public.cases set status = $2 where student_id = $1', [a.studentId, 'closed']],
    ];
    for (const [sql, params] of writes) {
      const outcome = await withRls(auditor.ctx, async (tx) => {
        await tx.query(`select set_config('app.dossier_student', $1, true)`, [a.studentId]);
        return tx.query(`with u as (${sql} returning 1) select count(*)::int as n from u`, params);
      }).then(
        (r) => `rows:${(r[0] as { n: number }).n}`,
        (e: { code?: string }) => `error:${e.code}`,
      );
      // Either refused outright (no column grant) or no row is visible for update (no policy).
      expect(['rows:0', 'error:42501']).toContain(outcome);
    }
    await expect(
      withRls(auditor.ctx, (tx) =>
        tx.query(`insert into public.review_events (record_id, kind, actor_id) values ($1, 'verified', $2)`, [rec!.id, auditor.user.id]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    const [after] = await t.db.query<{ name: string; state: string }>(
      `select s.name, r.state from public.students s join public.identity_records r on r.student_id = s.id where s.id = $1`,
      [a.studentId],
    );
    expect(after).toEqual({ name: '欧阳明月', state: 'verified' });
    // Other staff roles (an office reader) still find no dossier and read no identity rows.
    await expect(downloadDossier({ access: officeReader, input: { studentId: a.studentId } })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await withRls(officeReader.ctx, (tx) => tx.query('select 1 from public.identity_versions'))).toEqual([]);
  });
});
