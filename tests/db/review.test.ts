import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdentifier } from '../../lib/identity/mask';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { compareAllPending } from '../../lib/server/compare/compare-all-pending';
import { compareRecord } from '../../lib/server/compare/compare-version';
import { normalizeIdNumber } from '../../lib/server/compare/normalize';
import { currentIntake } from '../../lib/server/compare/rules';
import { getCipher } from '../../lib/server/crypto';
import { setDbForTests } from '../../lib/server/db/client';
import { withRls } from '../../lib/server/db/rls';
import type { Tx } from '../../lib/server/db/types';
import { documentViewUrl } from '../../lib/server/documents/view-url';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { claimReview, releaseReview } from '../../lib/server/reviews/claim';
import { decideReview } from '../../lib/server/reviews/decide';
import { listQueue } from '../../lib/server/reviews/list-queue';
import { openReview } from '../../lib/server/reviews/open-review';
import { revealIdNumber } from '../../lib/server/reviews/reveal-id-number';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeIdNumber, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

/**
 * Step 3 — comparison, queue, claims, review screen verbs — on PGlite and (npm run test:pg)
 * PostgreSQL. Every test makes its own departments, students and staff.
 */
let t: TestDb;

beforeAll(async () => {
  t = await freshDb();
});
afterAll(async () => t?.cleanup());

const reviewerOf = async (dept: { id: string }, name?: string): Promise<Access> => {
  const s = await makeStaff(t.db, 'reviewer', { departmentId: dept.id });
  if (name) await t.db.query('update public.app_users set display_name = $2 where id = $1', [s.id, name]);
  return (await loadAccess(s.ctx))!;
};

interface Submitted {
  access: Access;
  studentId: string;
  studentNumber: string;
  userId: string;
  recordId: string;
  versionId: string;
  idNumber: string;
  birthDate: string;
  photos: Record<string, string>;
}

const rand = (n: number) => Math.floor(Math.random() * n);
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A birth date and matching ID number unlikely to occur twice in this file's database, so tests do
 * not find each other's students as duplicates (same number, or same name and birth date).
 */
function uniqueIdentity(): { idNumber: string; birthDate: string } {
  const [y, m, d] = [1980 + rand(25), 1 + rand(12), 1 + rand(28)];
  return { idNumber: makeIdNumber(`${y}${pad(m)}${pad(d)}`, 'female', `11${pad(10 + rand(90))}${pad(10 + rand(90))}`), birthDate: `${y}-${pad(m)}-${pad(d)}` };
}

async function submitted(dept: { id: string }, opts: { cohort?: number; form?: Record<string, string>; name?: string } = {}): Promise<Submitted> {
  const u = await makeUser(t.db);
  const s = await makeStudent(t.db, dept.id, { userId: u.id, cohort: opts.cohort, name: opts.name });
  const access = (await loadAccess(u.ctx))!;
  await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  const photos: Record<string, string> = {};
  for (const kind of ['id_front', 'id_back']) photos[kind] = await makeReadyPhoto(t.db, s.id, u.id, kind);
  const given = opts.form?.idNumber
    ? { birthDate: `${opts.form.idNumber.slice(6, 10)}-${opts.form.idNumber.slice(10, 12)}-${opts.form.idNumber.slice(12, 14)}` }
    : uniqueIdentity();
  const form = validForm({ ...given, ...opts.form });
  const res = await submitIdentity({ access, input: { form, idempotencyKey: randomUUID() } });
  const [rec] = await t.db.query<{ id: string }>('select id from public.identity_records where student_id = $1', [s.id]);
  return {
    access,
    studentId: s.id,
    studentNumber: s.studentNumber,
    userId: u.id,
    recordId: rec!.id,
    versionId: res.versionId,
    idNumber: form.idNumber,
    birthDate: form.birthDate,
    photos,
  };
}

/** A registrar (学籍) row as an import would write it: number encrypted, blind index over the normalized number. */
async function registrarRecord(
  studentNumber: string,
  departmentId: string,
  o: { name?: string; sex?: string; birthDate?: string; idNumber: string; cohort?: number },
) {
  const c = getCipher();
  const n = normalizeIdNumber(o.idNumber);
  await t.db.query(
    `insert into public.registrar_records (student_number, name, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_number_mask, ethnicity, department_id, cohort, row_hash)
     values ($1, $2, $3, $4, 'cn_resident', $5, $6, $7, '05', $8, $9, $10)`,
    [
      studentNumber,
      o.name ?? '迪丽努尔·艾买提',
      o.sex ?? 'female',
      o.birthDate ?? '1990-03-07',
      c.encrypt(n, `registrar_records.id_number:${studentNumber}`),
      c.blindIndex(n, 'id_number'),
      maskIdentifier(n),
      departmentId,
      o.cohort ?? 2025,
      randomBytes(16).toString('hex'),
    ],
  );
}

async function admissionsRecord(o: { name: string; idNumber: string; year: number; departmentId?: string | null; birthDate?: string }) {
  const c = getCipher();
  const n = normalizeIdNumber(o.idNumber);
  const exam = `K${randomBytes(5).toString('hex')}`;
  await t.db.query(
    `insert into public.admissions_records (exam_number, name, sex, birth_date, id_number_enc, id_number_bidx, id_number_mask, department_id, admission_year, row_hash)
     values ($1, $2, 'female', $3, $4, $5, $6, $7, $8, 'x')`,
    [
      exam,
      o.name,
      o.birthDate ?? '1990-03-07',
      c.encrypt(n, `admissions_records.id_number:${exam}`),
      c.blindIndex(n, 'id_number'),
      maskIdentifier(n),
      o.departmentId ?? null,
      o.year,
    ],
  );
  return exam;
}

const recordRow = async (id: string) =>
  (
    await t.db.query<{
      state: string;
      revision: number;
      assigned_to: string | null;
      mismatch_count: number;
      duplicate_suspected: boolean;
      compared_version_id: string | null;
    }>('select state, revision, assigned_to, mismatch_count, duplicate_suspected, compared_version_id from public.identity_records where id = $1', [id])
  )[0]!;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string; userMessage?: string }) => e.userMessage ?? e.code ?? String(e),
  );

describe(`reviews on ${process.env.TEST_PG_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('keeps a reviewer of department B out of a submission of department A: read, claim, decide, reveal, photos, compare', async () => {
    const deptA = await makeDepartment(t.db);
    const deptB = await makeDepartment(t.db);
    const a = await submitted(deptA);
    await registrarRecord(a.studentNumber, deptA.id, { idNumber: a.idNumber, birthDate: a.birthDate });
    const revA = await reviewerOf(deptA);
    const revB = await reviewerOf(deptB);

    const view = await openReview({ access: revA, input: { recordId: a.recordId } });
    expect(view.student.number).toBe(a.studentNumber);

    await expect(openReview({ access: revB, input: { recordId: a.recordId } })).rejects.toMatchObject({ code: 'not_found' });
    expect((await listQueue({ access: revB, input: { state: 'all' } })).items.map((i) => i.id)).not.toContain(a.recordId);
    expect((await listQueue({ access: revA, input: { state: 'all' } })).items.map((i) => i.id)).toContain(a.recordId);
    await expect(claimReview({ access: revB, input: { recordId: a.recordId } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(decideReview({ access: revB, input: { decision: 'verify', recordId: a.recordId, revision: view.record.revision } })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(revealIdNumber({ access: revB, input: { recordId: a.recordId } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(documentViewUrl({ access: revB, input: { documentId: a.photos.id_front! } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(compareRecord({ access: revB, input: { recordId: a.recordId, force: true } })).rejects.toMatchObject({ code: 'not_found' });
    await withRls(revB.ctx, async (tx) => {
      expect(await tx.query('select 1 from public.checks where version_id = $1', [a.versionId])).toEqual([]);
      expect(await tx.query('select 1 from public.registrar_records where student_number = $1', [a.studentNumber])).toEqual([]);
      expect(await tx.query('select * from app.find_duplicates($1)', [a.versionId])).toEqual([]);
      // Writing comparison results onto another department's record: invisible, so nothing changes.
      expect(await tx.query('update public.identity_records set mismatch_count = 9 where id = $1 returning id', [a.recordId])).toEqual([]);
    });
    expect((await recordRow(a.recordId)).state).toBe('submitted');
    expect(
      await t.db.query(`select 1 from public.audit_events where action in ('id_number.reveal', 'document.view') and actor_id = $1`, [revB.user.id]),
    ).toEqual([]);
  });

  it('shows a reviewer their student’s registrar record even when it names another department, and flags that', async () => {
    const deptA = await makeDepartment(t.db);
    const deptB = await makeDepartment(t.db);
    const a = await submitted(deptA);
    await registrarRecord(a.studentNumber, deptB.id, { idNumber: a.idNumber, birthDate: a.birthDate });
    const view = await openReview({ access: await reviewerOf(deptA), input: { recordId: a.recordId } });
    expect(view.registrar).toMatchObject({ key: a.studentNumber, department: { id: deptB.id } });
    expect(view.comparison.checks.filter((c) => c.severity !== 'info').map((c) => c.code)).toEqual(['registrar.department_mismatch']);
  });

  it('compares on opening, stores staff-only checks, and keeps them from the student', async () => {
    const dept = await makeDepartment(t.db);
    const a = await submitted(dept, { form: { legalName: '迪丽努尔艾买提' } });
    await registrarRecord(a.studentNumber, dept.id, { idNumber: a.idNumber, birthDate: '1979-01-01' });
    const rev = await reviewerOf(dept);
    const view = await openReview({ access: rev, input: { recordId: a.recordId } });
    expect(view.comparison.checks.filter((c) => c.severity === 'error').map((c) => c.code)).toEqual([
      'registrar.birth_date_mismatch',
      'registrar.name_mismatch',
    ]);
    expect(view.comparison.checks.find((c) => c.rule === 'registrar.id_number')!.code).toBe('ok');
    expect(view.submitChecks.map((c) => c.rule)).toContain('id_checksum');
    expect(view.version!.idNumberMask).toMatch(/^\d{4}\*+\w{4}$/);
    expect(JSON.stringify(view)).not.toContain(a.idNumber);
    expect(await recordRow(a.recordId)).toMatchObject({ mismatch_count: 2, duplicate_suspected: false, compared_version_id: a.versionId });

    // Opening again does not compare again; forcing does, and readers take the latest run only.
    await openReview({ access: rev, input: { recordId: a.recordId } });
    const runs = async () =>
      (
        await t.db.query<{ n: number }>(`select count(distinct created_at)::int as n from public.checks where version_id = $1 and not visible_to_student`, [
          a.versionId,
        ])
      )[0]!.n;
    expect(await runs()).toBe(1);
    await compareRecord({ access: rev, input: { recordId: a.recordId, force: true } });
    expect(await runs()).toBe(2);
    expect((await openReview({ access: rev, input: { recordId: a.recordId } })).comparison.checks).toEqual(view.comparison.checks);

    await claimReview({ access: rev, input: { recordId: a.recordId } });
    await withRls(a.access.ctx, async (tx) => {
      const checks = await tx.query<{ visible_to_student: boolean; rule: string }>('select visible_to_student, rule from public.checks where version_id = $1', [
        a.versionId,
      ]);
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((c) => c.visible_to_student && !c.rule.startsWith('registrar.'))).toBe(true);
      const events = await tx.query<{ kind: string }>('select kind from public.review_events where record_id = $1 order by created_at', [a.recordId]);
      expect(events.map((e) => e.kind)).toEqual(['submitted']);
      expect(await tx.query('select 1 from public.registrar_records')).toEqual([]);
      expect(await tx.query('select * from app.find_duplicates($1)', [a.versionId])).toEqual([]);
    });
  });

  it('never lets a student write comparison results onto their own record', async () => {
    const dept = await makeDepartment(t.db);
    const a = await submitted(dept);
    const rev = await reviewerOf(dept);
    await openReview({ access: rev, input: { recordId: a.recordId } });
    const [r] = await t.db.query<{ revision: number }>('select revision from public.identity_records where id = $1', [a.recordId]);
    await decideReview({
      access: rev,
      input: { decision: 'return', recordId: a.recordId, revision: r!.revision, reasons: [{ target: 'field:legalName', code: 'name_differs_registrar' }] },
    });
    // The record is now 'returned': the student may update it (draft), but not the comparison columns.
    await expect(
      withRls(a.access.ctx, (tx) => tx.query('update public.identity_records set mismatch_count = 0, duplicate_suspected = false where id = $1', [a.recordId])),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      withRls(a.access.ctx, (tx) => tx.query('update public.identity_records set compared_version_id = null where id = $1', [a.recordId])),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('compares freshmen with their admissions record, linked by ID number', async () => {
    const dept = await makeDepartment(t.db);
    const intake = currentIntake(new Date());
    const a = await submitted(dept, { cohort: intake });
    await registrarRecord(a.studentNumber, dept.id, { idNumber: a.idNumber, birthDate: a.birthDate, cohort: intake });
    await admissionsRecord({ name: '迪丽努尔·艾麦提', idNumber: a.idNumber, year: intake, birthDate: a.birthDate });
    const view = await openReview({ access: await reviewerOf(dept), input: { recordId: a.recordId } });
    expect(view.freshman).toBe(true);
    expect(view.admissions).toMatchObject({ name: '迪丽努尔·艾麦提', cohort: intake });
    expect(view.comparison.checks.filter((c) => c.severity !== 'info').map((c) => c.code)).toEqual(['admissions.name_mismatch']);

    const b = await submitted(dept, { cohort: intake });
    await registrarRecord(b.studentNumber, dept.id, { idNumber: b.idNumber, birthDate: b.birthDate, cohort: intake });
    const vb = await openReview({ access: await reviewerOf(dept), input: { recordId: b.recordId } });
    expect(vb.comparison.checks.filter((c) => c.severity !== 'info').map((c) => c.code)).toEqual(['admissions.missing']);
  });

  it('gives one of two concurrent decisions a conflict, and refuses a decision on a changed record', async () => {
    const dept = await makeDepartment(t.db);
    const a = await submitted(dept);
    const [r1, r2] = [await reviewerOf(dept), await reviewerOf(dept)];
    const { revision } = (await openReview({ access: r1, input: { recordId: a.recordId } })).record;
    const results = await Promise.allSettled([
      decideReview({ access: r1, input: { decision: 'verify', recordId: a.recordId, revision } }),
      decideReview({
        access: r2,
        input: { decision: 'return', recordId: a.recordId, revision, reasons: [{ target: 'document:id_front', code: 'photo_blurry' }] },
      }),
    ]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((x) => x.status === 'rejected')).toMatchObject({ reason: { code: 'conflict', userMessage: 'review.errors.changedMeanwhile' } });
    expect(await t.db.query(`select 1 from public.review_events where record_id = $1 and kind in ('verified', 'returned')`, [a.recordId])).toHaveLength(1);
  });

  it('claims: assigns and marks in review without changing the revision; blocks others; lets an idle claim be taken over', async () => {
    const dept = await makeDepartment(t.db);
    const a = await submitted(dept);
    const wang = await reviewerOf(dept, '王老师');
    const chen = await reviewerOf(dept, '陈老师');
    const before = (await openReview({ access: wang, input: { recordId: a.recordId } })).record.revision;

    const claimed = await claimReview({ access: wang, input: { recordId: a.recordId } });
    expect(claimed).toMatchObject({ state: 'in_review', revision: before, tookOverFrom: null });
    expect(await recordRow(a.recordId)).toMatchObject({ state: 'in_review', assigned_to: wang.user.id });

    // Chen sees who holds it and can neither claim nor decide.
    const seen = await openReview({ access: chen, input: { recordId: a.recordId } });
    expect(seen.record.claim).toMatchObject({ name: '王老师', live: true, mine: false });
    const item = (await listQueue({ access: chen, input: { departmentId: dept.id } })).items.find((i) => i.id === a.recordId)!;
    expect(item.claim).toMatchObject({ name: '王老师', live: true, mine: false });
    expect(await codeOf(claimReview({ access: chen, input: { recordId: a.recordId } }))).toBe('review.errors.claimedByOther');
    expect(await codeOf(decideReview({ access: chen, input: { decision: 'verify', recordId: a.recordId, revision: before } }))).toBe(
      'review.errors.claimedByOther',
    );
    expect(await codeOf(releaseReview({ access: chen, input: { recordId: a.recordId } }))).toBe('review.errors.notYourClaim');

    // Activity refreshes the claim: set it back, reveal, and it is fresh again.
    await t.db.query(`update public.identity_records set claimed_at = now() - interval '2 hours' where id = $1`, [a.recordId]);
    await revealIdNumber({ access: wang, input: { recordId: a.recordId } });
    expect(await codeOf(claimReview({ access: chen, input: { recordId: a.recordId } }))).toBe('review.errors.claimedByOther');

    // Idle past the limit (set back, or an injected limit): Chen takes it over.
    await t.db.query(`update public.identity_records set claimed_at = now() - interval '31 minutes' where id = $1`, [a.recordId]);
    expect(
      (await listQueue({ access: chen, input: { departmentId: dept.id }, options: { claimIdleMinutes: 30 } })).items.find((i) => i.id === a.recordId)!.claim,
    ).toMatchObject({ live: false });
    const taken = await claimReview({ access: chen, input: { recordId: a.recordId }, options: { claimIdleMinutes: 30 } });
    expect(taken.tookOverFrom).toBe(wang.user.id);
    expect(await codeOf(decideReview({ access: wang, input: { decision: 'verify', recordId: a.recordId, revision: before } }))).toBe(
      'review.errors.claimedByOther',
    );
    const [audit] = await t.db.query<{ details: unknown }>(`select details from public.audit_events where action = 'review.claim' and actor_id = $1`, [
      chen.user.id,
    ]);
    expect(audit!.details).toEqual({ took_over_from: wang.user.id });

    // Release puts it back in the queue as waiting; the claim never changed the revision.
    await releaseReview({ access: chen, input: { recordId: a.recordId } });
    expect(await recordRow(a.recordId)).toMatchObject({ state: 'submitted', assigned_to: null, revision: before });
    const done = await decideReview({ access: wang, input: { decision: 'verify', recordId: a.recordId, revision: before } });
    expect(done.state).toBe('verified');
  });

  it('reveals the ID number only with an audit event', async () => {
    const dept = await makeDepartment(t.db);
    const a = await submitted(dept);
    const rev = await reviewerOf(dept);
    const res = await revealIdNumber({ access: rev, input: { recordId: a.recordId } });
    expect(res).toEqual({ idNumber: a.idNumber, versionId: a.versionId });
    const events = await t.db.query<{ actor_id: string; actor_role: string; entity_id: string; details: unknown }>(
      `select actor_id, actor_role, entity_id, details from public.audit_events where action = 'id_number.reveal' and entity_id = $1`,
      [a.recordId],
    );
    expect(events).toEqual([{ actor_id: rev.user.id, actor_role: 'reviewer', entity_id: a.recordId, details: { version_id: a.versionId } }]);
    await expect(revealIdNumber({ access: a.access, input: { recordId: a.recordId } })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('finds duplicates across departments and opens exactly one case per student', async () => {
    const deptA = await makeDepartment(t.db);
    const deptB = await makeDepartment(t.db);
    const { idNumber } = uniqueIdentity();
    const first = await submitted(deptB, { form: { idNumber } });
    const second = await submitted(deptA, { form: { idNumber } });
    // The same photo file on both.
    await t.db.query('update public.documents set sha256 = (select sha256 from public.documents where id = $1) where id = $2', [
      first.photos.id_front,
      second.photos.id_front,
    ]);
    const rev = await reviewerOf(deptA);
    const view = await openReview({ access: rev, input: { recordId: second.recordId } });
    const dup = view.comparison.checks.filter((c) => c.rule.startsWith('duplicate.'));
    expect(dup.map((c) => [c.code, c.severity])).toEqual([
      ['duplicate.id_number', 'error'],
      ['duplicate.name_birth', 'warning'],
      ['duplicate.photo', 'error'],
    ]);
    // Nothing about the other student leaks but a count.
    expect(JSON.stringify(dup)).not.toContain(first.studentNumber);
    expect(JSON.stringify(dup)).not.toContain(first.studentId);
    expect(await recordRow(second.recordId)).toMatchObject({ duplicate_suspected: true, mismatch_count: 1 /* registrar.missing */ });

    const cases = async () =>
      t.db.query<{ kind: string; source: string; related_student_id: string; opened_by: string; department_id: string }>(
        `select kind, source, related_student_id, opened_by, department_id from public.cases where student_id = $1`,
        [second.studentId],
      );
    expect(await cases()).toEqual([
      { kind: 'duplicate', source: 'duplicate_check', related_student_id: first.studentId, opened_by: rev.user.id, department_id: deptA.id },
    ]);
    await compareRecord({ access: rev, input: { recordId: second.recordId, force: true } });
    await compareRecord({ access: rev, input: { recordId: second.recordId, force: true } });
    expect(await cases()).toHaveLength(1);
    expect(
      await t.db.query(`select 1 from public.case_events e join public.cases c on c.id = e.case_id where c.student_id = $1 and e.kind = 'opened'`, [
        second.studentId,
      ]),
    ).toHaveLength(1);
    // The reviewer who opened it can read the case; the other department's reviewer cannot.
    expect(await withRls(rev.ctx, (tx) => tx.query('select 1 from public.cases where student_id = $1', [second.studentId]))).toHaveLength(1);
    expect(await withRls((await reviewerOf(deptB)).ctx, (tx) => tx.query('select 1 from public.cases where student_id = $1', [second.studentId]))).toEqual([]);
  });

  it('flags an ID number that belongs to another student’s registrar record', async () => {
    const dept = await makeDepartment(t.db);
    const other = await makeStudent(t.db, dept.id);
    const { idNumber } = uniqueIdentity();
    await registrarRecord(other.studentNumber, dept.id, { idNumber, name: '别人' });
    const a = await submitted(dept, { form: { idNumber } });
    const view = await openReview({ access: await reviewerOf(dept), input: { recordId: a.recordId } });
    expect(view.comparison.checks.find((c) => c.rule === 'duplicate.id_number')).toMatchObject({ details: { sources: ['registrar'], others: 1 } });
    expect(
      (await t.db.query<{ related_student_id: string }>('select related_student_id from public.cases where student_id = $1', [a.studentId]))[0]!
        .related_student_id,
    ).toBe(other.id);
  });

  it('escalates into a case of the kind the reviewer chose', async () => {
    const dept = await makeDepartment(t.db);
    const a = await submitted(dept);
    const rev = await reviewerOf(dept);
    const { revision } = (await openReview({ access: rev, input: { recordId: a.recordId } })).record;
    await expect(decideReview({ access: rev, input: { decision: 'escalate', recordId: a.recordId, revision, comment: ' ' } })).rejects.toMatchObject({
      code: 'invalid_input',
      userMessage: 'review.errors.commentRequired',
    });
    const res = await decideReview({
      access: rev,
      input: { decision: 'escalate', recordId: a.recordId, revision, comment: '照片疑似翻拍', caseKind: 'fraud_suspected' },
    });
    expect(res).toMatchObject({ state: 'escalated', caseId: expect.any(String) });
    const [c] = await t.db.query<{ kind: string; source: string; opened_by: string; record_id: string }>(
      'select kind, source, opened_by, record_id from public.cases where id = $1',
      [res.caseId],
    );
    expect(c).toEqual({ kind: 'fraud_suspected', source: 'escalation', opened_by: rev.user.id, record_id: a.recordId });
    const [ev] = await t.db.query<{ body: string }>(`select body from public.case_events where case_id = $1`, [res.caseId]);
    expect(ev!.body).toBe('照片疑似翻拍');
  });

  it('compares pending submissions in bulk as a system job, again after the registrar record changes', async () => {
    const dept = await makeDepartment(t.db);
    const a = await submitted(dept);
    await registrarRecord(a.studentNumber, dept.id, { idNumber: a.idNumber, birthDate: a.birthDate, name: '别的名字' });
    const first = await compareAllPending();
    expect(first.compared).toBeGreaterThanOrEqual(1);
    expect(await recordRow(a.recordId)).toMatchObject({ mismatch_count: 1, compared_version_id: a.versionId });
    const [system] = await t.db.query<{ actor_id: string | null; actor_role: string }>(
      `select actor_id, actor_role from public.audit_events where action = 'review.compare' and entity_id = $1`,
      [a.recordId],
    );
    expect(system).toEqual({ actor_id: null, actor_role: 'system' });
    // A re-import fixed the name: the record is compared again.
    await t.db.query(`update public.registrar_records set name = '迪丽努尔·艾买提', updated_at = now() where student_number = $1`, [a.studentNumber]);
    await compareAllPending();
    expect(await recordRow(a.recordId)).toMatchObject({ mismatch_count: 0 });
    const again = await compareAllPending();
    expect(again.compared).toBe(0);
  });

  describe('queue', () => {
    it('filters by state, cohort, mismatches, duplicates and waiting time, sorts, and pages with a keyset', async () => {
      const dept = await makeDepartment(t.db);
      const other = await makeDepartment(t.db);
      const rev = await reviewerOf(dept);
      const now = new Date('2026-12-02T03:00:00Z'); // Wednesday 11:00 in Beijing
      const days = [10, 6, 4, 3, 1, 0]; // calendar days ago
      const subs: Submitted[] = [];
      for (const [i, d] of days.entries()) {
        const s = await submitted(dept, {
          cohort: i % 2 ? 2024 : 2025,
          form: { idNumber: makeIdNumber(`1990030${i + 1}`, 'female'), birthDate: `1990-03-0${i + 1}` },
        });
        // Registrar rows agree except for students 1 and 4 (a different name).
        await registrarRecord(s.studentNumber, dept.id, {
          idNumber: s.idNumber,
          birthDate: s.birthDate,
          name: i === 1 || i === 4 ? '张三' : undefined,
          cohort: i % 2 ? 2024 : 2025,
        });
        await t.db.query(`update public.identity_records set submitted_at = $2::timestamptz - make_interval(days => $3::int) where id = $1`, [
          s.recordId,
          now.toISOString(),
          d,
        ]);
        subs.push(s);
      }
      await submitted(other); // another department: never listed for this reviewer
      // Student 2 shares a photo with someone: a duplicate.
      const stranger = await submitted(other, { form: { idNumber: makeIdNumber('19950101', 'male'), birthDate: '1995-01-01', sex: 'male' } });
      await t.db.query('update public.documents set sha256 = (select sha256 from public.documents where id = $1) where id = $2', [
        stranger.photos.id_back,
        subs[2]!.photos.id_back,
      ]);
      const ids = (p: { items: { id: string }[] }) => p.items.map((i) => subs.findIndex((s) => s.recordId === i.id));
      const list = (input: Parameters<typeof listQueue>[0]['input']) => listQueue({ access: rev, input, options: { now } });

      // The first listing compares what was never compared.
      expect(ids(await list({}))).toEqual([0, 1, 2, 3, 4, 5]);
      expect(ids(await list({ sort: 'newest' }))).toEqual([5, 4, 3, 2, 1, 0]);
      expect(ids(await list({ cohort: 2024 }))).toEqual([1, 3, 5]);
      expect(ids(await list({ mismatches: true }))).toEqual([1, 4]);
      expect(ids(await list({ duplicates: true }))).toEqual([2]);
      expect(ids(await list({ sort: 'mismatches' })).slice(0, 2)).toEqual([1, 4]);
      // Wednesday: 10 calendar days ago (a Sunday) is 8 working days, 6 -> 4, 4 -> 2 (Sat), 3 -> 2 (Sun), 1 -> 1.
      expect((await list({})).items.map((i) => i.waitedDays)).toEqual([8, 4, 3, 3, 1, 0]);
      expect(ids(await list({ overdue: true }))).toEqual([0, 1]); // target 3: more than 3 working days
      expect(ids(await list({ minWaitDays: 3 }))).toEqual([0, 1, 2, 3]);
      expect((await list({})).items.map((i) => i.lateness)).toEqual(['overdue', 'overdue', 'due', 'due', 'ok', 'ok']);

      // State filters follow decisions and claims.
      const r0 = await openReview({ access: rev, input: { recordId: subs[0]!.recordId }, options: { now } });
      await decideReview({ access: rev, input: { decision: 'verify', recordId: subs[0]!.recordId, revision: r0.record.revision } });
      await claimReview({ access: rev, input: { recordId: subs[1]!.recordId } });
      expect(ids(await list({ state: 'verified' }))).toEqual([0]);
      expect(ids(await list({ state: 'in_review' }))).toEqual([1]);
      expect(ids(await list({ state: 'submitted' }))).toEqual([2, 3, 4, 5]);
      expect(ids(await list({}))).toEqual([1, 2, 3, 4, 5]);
      expect(ids(await list({ state: 'all' }))).toEqual([0, 1, 2, 3, 4, 5]);
      expect((await list({ departmentId: other.id })).items).toEqual([]);

      // Keyset pages: no gaps, no repeats, in every sort order.
      for (const sort of ['oldest', 'newest', 'mismatches'] as const) {
        const seen: number[] = [];
        let cursor: string | undefined;
        do {
          const page = await list({ state: 'all', sort, limit: 2, cursor });
          seen.push(...ids(page));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(seen, sort).toEqual(ids(await list({ state: 'all', sort, limit: 100 })));
        expect(new Set(seen).size).toBe(6);
      }
      await expect(list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'invalid_input' });
    });

    it('the queue query the verb sends, EXPLAINed under the same RLS role and claims, walks a queue index', async () => {
      const dept = await makeDepartment(t.db);
      const rev = await reviewerOf(dept);
      await submitted(dept);
      // Record what listQueue sends — text and parameters — through the app's own database handle.
      const sent: { text: string; params: readonly unknown[] }[] = [];
      const record = (q: Tx): Tx => ({
        query: (text, params) => {
          sent.push({ text, params: params ?? [] });
          return q.query(text, params);
        },
      });
      setDbForTests({ ...t.db, ...record(t.db), transaction: (fn) => t.db.transaction((tx) => fn(record(tx))) });
      try {
        expect((await listQueue({ access: rev, input: {}, options: { compareMissing: false } })).items).toHaveLength(1);
      } finally {
        setDbForTests(t.db);
      }
      const at = sent.findIndex((s) => s.text.includes('with page as'));
      expect(at).toBeGreaterThan(0); // the role-and-claims statement comes first
      const queue = sent[at]!;
      const plan = await t.db.transaction(async (tx) => {
        // The verb's own statements before the query: role and claims, so the policies apply.
        for (const s of sent.slice(0, at)) await tx.query(s.text, s.params);
        const [role] = await tx.query<{ super: boolean; bypass: boolean }>(
          'select rolsuper as super, rolbypassrls as bypass from pg_roles where rolname = current_user',
        );
        expect(role).toEqual({ super: false, bypass: false });
        // A handful of rows makes any plan cheap; this asks whether an index can serve the query at all
        // (bench:queue measures the chosen plan at 100,000 students).
        await tx.query('set local enable_seqscan = off');
        return tx.query<Record<string, string>>(`explain ${queue.text}`, queue.params);
      });
      const text = plan.map((r) => Object.values(r)[0]).join('\n');
      expect(text).toMatch(/Index (Only )?Scan using identity_records_queue/);
      expect(text).not.toMatch(/Seq Scan on identity_records/);
    });
  });
});
