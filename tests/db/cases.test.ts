import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { addCaseNote } from '../../lib/server/cases/add-note';
import { assignCase } from '../../lib/server/cases/assign';
import { attachEvidence } from '../../lib/server/cases/attach-evidence';
import { closeCase } from '../../lib/server/cases/close-case';
import { getCase } from '../../lib/server/cases/get-case';
import { listAssignableStaff } from '../../lib/server/cases/list-assignable-staff';
import { listCases } from '../../lib/server/cases/list-cases';
import { listMyDocumentRequests } from '../../lib/server/cases/list-my-requests';
import { logCaseContact } from '../../lib/server/cases/log-contact';
import { requestCaseDocuments } from '../../lib/server/cases/request-documents';
import { setLegalConsultation } from '../../lib/server/cases/set-legal-consultation';
import { setCaseStatus } from '../../lib/server/cases/set-status';
import { startEvidenceUpload } from '../../lib/server/cases/start-evidence-upload';
import { withRls, type Ctx } from '../../lib/server/db/rls';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { getMyRecord } from '../../lib/server/identity/get-my-record';
import { submitIdentity } from '../../lib/server/identity/submit';
import { decideReview } from '../../lib/server/reviews/decide';
import { getStore } from '../../lib/server/storage';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

let t: TestDb;
let deptA: { id: string }, deptB: { id: string };
let registrar: Access, registrar2: Access, reviewerA: Access, reviewerA2: Access, reviewerB: Access;

const as = async (ctx: Ctx) => (await loadAccess(ctx))!;

async function newStudent(dept: { id: string }) {
  const u = await makeUser(t.db);
  const s = await makeStudent(t.db, dept.id, { userId: u.id });
  const access = await as(u.ctx);
  await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  for (const kind of ['id_front', 'id_back']) await makeReadyPhoto(t.db, s.id, u.id, kind);
  return { access, studentId: s.id, userId: u.id };
}

const recordOf = async (studentId: string) =>
  (
    await t.db.query<{ id: string; state: string; revision: number; current_version_id: string; verified_version_id: string | null }>(
      'select id, state, revision, current_version_id, verified_version_id from public.identity_records where student_id = $1',
      [studentId],
    )
  )[0]!;

/** A submission a reviewer of deptA escalated: the case the verification office then works on. */
async function escalatedCase(dept = deptA, reviewer = () => reviewerA) {
  const s = await newStudent(dept);
  await submitIdentity({ access: s.access, input: { form: validForm(), idempotencyKey: randomUUID() } });
  const rec = await recordOf(s.studentId);
  const res = await decideReview({
    access: reviewer(),
    input: { decision: 'escalate', recordId: rec.id, revision: rec.revision, comment: '证件照片与学籍照片不像同一人', caseKind: 'fraud_suspected' },
  });
  expect(res.caseId).toBeTruthy();
  return { ...s, recordId: rec.id, caseId: res.caseId! };
}

/** A duplicate pair found by a system check (opened_by null): nobody but the registrar is involved. */
async function duplicateCase(a: { id: string }, b: { id: string }) {
  const s1 = await newStudent(a);
  const s2 = await newStudent(b);
  await submitIdentity({ access: s1.access, input: { form: validForm(), idempotencyKey: randomUUID() } });
  await submitIdentity({ access: s2.access, input: { form: validForm(), idempotencyKey: randomUUID() } });
  const rec = await recordOf(s1.studentId);
  const [c] = await t.db.query<{ id: string }>(
    `insert into public.cases (student_id, record_id, related_student_id, department_id, kind, source)
     values ($1, $2, $3, $4, 'duplicate', 'duplicate_check') returning id`,
    [s1.studentId, rec.id, s2.studentId, a.id],
  );
  await t.db.query(`insert into public.case_events (case_id, kind, details) values ($1, 'opened', '{"source":"duplicate_check"}')`, [c!.id]);
  return { s1, s2, caseId: c!.id };
}

const revisionOf = async (caseId: string) =>
  (await t.db.query<{ revision: number; status: string }>('select revision, status from public.cases where id = $1', [caseId]))[0]!;

const auditActions = async (caseId: string) =>
  (await t.db.query<{ action: string }>(`select action from public.audit_events where entity_type = 'case' and entity_id = $1 order by id`, [caseId])).map(
    (r) => r.action,
  );

/** Uploads a real photo through the pipeline as the phone would, answering the request. */
async function uploadEvidence(student: Access, requestId: string) {
  const { documentId } = await startEvidenceUpload({ access: student, input: { requestId, contentType: 'image/jpeg', bytes: 200_000 } });
  const [doc] = await t.db.query<{ upload_key: string }>('select upload_key from public.documents where id = $1', [documentId]);
  await getStore().put(doc!.upload_key, readFileSync(path.join(import.meta.dirname, '../fixtures/id-front.jpg')), 'image/jpeg');
  return attachEvidence({ access: student, input: { requestId, documentId } });
}

beforeAll(async () => {
  t = await freshDb();
  deptA = await makeDepartment(t.db);
  deptB = await makeDepartment(t.db);
  registrar = await as((await makeStaff(t.db, 'registrar')).ctx);
  registrar2 = await as((await makeStaff(t.db, 'registrar')).ctx);
  reviewerA = await as((await makeStaff(t.db, 'reviewer', { departmentId: deptA.id })).ctx);
  reviewerA2 = await as((await makeStaff(t.db, 'reviewer', { departmentId: deptA.id })).ctx);
  reviewerB = await as((await makeStaff(t.db, 'reviewer', { departmentId: deptB.id })).ctx);
});
afterAll(async () => t?.cleanup());

describe('who sees a case', () => {
  it('shows the registrar every case, a reviewer only the cases they are involved in, another department none', async () => {
    const escalated = await escalatedCase();
    const dup = await duplicateCase(deptA, deptB);
    const ids = async (a: Access, status: 'all' | 'active' = 'all') => {
      const out: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listCases({ access: a, input: { status, limit: 2, cursor } });
        out.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return out;
    };
    const all = await ids(registrar);
    expect(all).toEqual(expect.arrayContaining([escalated.caseId, dup.caseId]));
    expect(new Set(all).size).toBe(all.length); // keyset pages neither skip nor repeat
    const active = await ids(registrar, 'active'); // oldest first, the other direction
    expect(active).toEqual((await listCases({ access: registrar, input: { status: 'active', limit: 100 } })).rows.map((r) => r.id));
    expect([...active].reverse()).toEqual(all.filter((id) => active.includes(id)));
    expect(await ids(reviewerA)).toContain(escalated.caseId);
    expect(await ids(reviewerA)).not.toContain(dup.caseId);
    expect(await ids(reviewerA2)).toEqual([]); // same department, not involved
    expect(await ids(reviewerB)).toEqual([]);
    await expect(getCase({ access: reviewerB, input: { caseId: escalated.caseId } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(getCase({ access: reviewerA, input: { caseId: dup.caseId } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(addCaseNote({ access: reviewerB, input: { caseId: escalated.caseId, body: '看一下' } })).rejects.toMatchObject({ code: 'not_found' });

    const mine = await getCase({ access: reviewerA, input: { caseId: escalated.caseId } });
    expect(mine.events.map((e) => e.kind)).toEqual(['opened']);
    expect(mine.student!.version!.idNumberMask).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(JSON.stringify(mine)).not.toMatch(/"idNumber"/);
    // Reviewers write notes; the office's work is the registrar's.
    await addCaseNote({ access: reviewerA, input: { caseId: escalated.caseId, body: '学生电话无人接听' } });
    await expect(logCaseContact({ access: reviewerA, input: { caseId: escalated.caseId, channel: 'phone', summary: 'x' } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(setCaseStatus({ access: reviewerA, input: { caseId: escalated.caseId, revision: 0, status: 'investigating' } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      withRls(reviewerA.ctx, (tx) =>
        tx.query(`insert into public.case_events (case_id, actor_id, kind, body) values ($1, $2, 'contact', 'x')`, [escalated.caseId, reviewerA.user.id]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('shows a duplicate pair side by side to the registrar, and hides the other department’s student from a reviewer', async () => {
    const dup = await duplicateCase(deptA, deptB);
    const c = await getCase({ access: registrar, input: { caseId: dup.caseId } });
    expect(c.student!.id).toBe(dup.s1.studentId);
    expect(c.related!.id).toBe(dup.s2.studentId);
    expect(c.related!.version!.idNumberMask).toMatch(/\*{10}/);
    expect(c.related!.photos.map((p) => p.kind)).toEqual(['id_back', 'id_front']);
    // Once involved (a note), a deptA reviewer sees the case but not the deptB student.
    await t.db.query(`insert into public.case_events (case_id, actor_id, kind, body) values ($1, $2, 'note', '看过')`, [dup.caseId, reviewerA.user.id]);
    const seen = await getCase({ access: reviewerA, input: { caseId: dup.caseId } });
    expect(seen.student!.id).toBe(dup.s1.studentId);
    expect(seen.relatedStudentId).toBe(dup.s2.studentId);
    expect(seen.related).toBeNull();
  });
});

describe('the student and their document requests', () => {
  it('shows the student only the requests of their own case, takes their evidence, and never shows notes, contacts or the legal flag', async () => {
    const c = await escalatedCase();
    const other = await newStudent(deptA);
    let rev = (await revisionOf(c.caseId)).revision;
    await addCaseNote({ access: registrar, input: { caseId: c.caseId, body: '内部：疑似冒名顶替' } });
    await logCaseContact({ access: registrar, input: { caseId: c.caseId, channel: 'phone', summary: '学生称证件丢失补办' } });
    ({ revision: rev } = await setLegalConsultation({ access: registrar, input: { caseId: c.caseId, revision: rev, flag: true, note: '已咨询法务处' } }));
    const req = await requestCaseDocuments({ access: registrar, input: { caseId: c.caseId, revision: rev, what: '请上传户口簿本人页照片' } });
    expect(await revisionOf(c.caseId)).toEqual({ revision: req.revision, status: 'awaiting_student' });

    const mine = await listMyDocumentRequests({ access: c.access });
    expect(mine).toEqual([expect.objectContaining({ id: req.requestId, what: '请上传户口簿本人页照片', received: [] })]);
    expect(await listMyDocumentRequests({ access: other.access })).toEqual([]);
    await withRls(c.access.ctx, async (tx) => {
      expect(await tx.query('select * from public.cases')).toEqual([]);
      const events = await tx.query<{ kind: string; body: string | null }>('select kind, body from public.case_events');
      expect(events.map((e) => e.kind)).toEqual(['document_request']);
      expect(JSON.stringify(events)).not.toMatch(/冒名|法务|补办/);
    });
    await withRls(other.access.ctx, async (tx) => expect(await tx.query('select * from public.case_events')).toEqual([]));
    // The student writes nothing but answers; another student cannot answer for them.
    await expect(
      withRls(c.access.ctx, (tx) =>
        tx.query(`insert into public.case_events (case_id, actor_id, kind, body, visible_to_student) values ($1, $2, 'note', 'x', true)`, [c.caseId, c.userId]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      startEvidenceUpload({ access: other.access, input: { requestId: req.requestId, contentType: 'image/jpeg', bytes: 1000 } }),
    ).rejects.toMatchObject({ code: 'not_found', userMessage: 'cases.errors.requestClosed' });
    await expect(startEvidenceUpload({ access: registrar, input: { requestId: req.requestId, contentType: 'image/jpeg', bytes: 1000 } })).rejects.toMatchObject(
      { code: 'forbidden' },
    );

    const up = await uploadEvidence(c.access, req.requestId);
    expect(up.duplicate).toBe(false);
    const again = await attachEvidence({ access: c.access, input: { requestId: req.requestId, documentId: up.documentId } });
    expect(again).toMatchObject({ duplicate: true, eventId: up.eventId });
    expect((await listMyDocumentRequests({ access: c.access }))[0]!.received).toEqual([expect.objectContaining({ documentId: up.documentId })]);
    // Every request answered: the case is the office's again, and the revision shows it.
    const after = await revisionOf(c.caseId);
    expect(after.status).toBe('investigating');
    expect(after.revision).toBeGreaterThan(req.revision);
    const detail = await getCase({ access: registrar, input: { caseId: c.caseId } });
    expect(detail.requests).toEqual([expect.objectContaining({ id: req.requestId, received: [expect.objectContaining({ documentId: up.documentId })] })]);
    expect(detail.events.map((e) => e.kind)).toEqual(['opened', 'note', 'contact', 'legal', 'document_request', 'status', 'document_received', 'status']);
    expect(detail.legalConsultation).toBe(true);
    expect(await auditActions(c.caseId)).toEqual(['case.open', 'case.note', 'case.contact', 'case.legal', 'case.request_documents', 'case.evidence_upload']);
    // A photo of another kind or another student's cannot be passed off as an answer.
    const idPhoto = await makeReadyPhoto(t.db, c.studentId, c.userId, 'id_front');
    await expect(
      withRls(c.access.ctx, (tx) =>
        tx.query(
          `insert into public.case_events (case_id, actor_id, kind, document_id, visible_to_student, details) values ($1, $2, 'document_received', $3, true, $4::text::jsonb)`,
          [c.caseId, c.userId, idPhoto, JSON.stringify({ request_id: req.requestId })],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });
});

describe('closing a case', () => {
  it('requires an outcome and a reason', async () => {
    const c = await escalatedCase();
    const { revision } = await revisionOf(c.caseId);
    await expect(closeCase({ access: registrar, input: { caseId: c.caseId, revision, reason: '核实无误' } as never })).rejects.toMatchObject({
      code: 'invalid_input',
      userMessage: 'cases.errors.outcomeRequired',
    });
    await expect(closeCase({ access: registrar, input: { caseId: c.caseId, revision, outcome: 'verified', reason: '   ' } })).rejects.toMatchObject({
      code: 'invalid_input',
      userMessage: 'cases.errors.reasonRequired',
    });
    await expect(closeCase({ access: registrar, input: { caseId: c.caseId, revision, outcome: 'merged', reason: '同一人' } })).rejects.toMatchObject({
      userMessage: 'cases.errors.mergeNeedsDuplicate',
    });
    await expect(closeCase({ access: reviewerA, input: { caseId: c.caseId, revision, outcome: 'verified', reason: '核实无误' } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await revisionOf(c.caseId)).status).toBe('open');
    // The database holds the same rule for everyone, the owner included.
    await expect(t.db.query(`update public.cases set status = 'closed' where id = $1`, [c.caseId])).rejects.toThrow(/cases_closed_has_outcome/);
  });

  it('verifies the escalated record when the outcome is verified, and keeps the case closed for good', async () => {
    const c = await escalatedCase();
    const { revision } = await revisionOf(c.caseId);
    const res = await closeCase({ access: registrar, input: { caseId: c.caseId, revision, outcome: 'verified', reason: '学生到办公室核验原件，人证一致' } });
    expect(res.recordState).toBe('verified');
    const rec = await recordOf(c.studentId);
    expect(rec.state).toBe('verified');
    expect(rec.verified_version_id).toBe(rec.current_version_id);
    const mine = await getMyRecord({ access: c.access });
    expect(mine.state).toBe('verified');
    expect(mine.timeline.map((e) => e.kind)).toContain('verified');
    const closed = await getCase({ access: registrar, input: { caseId: c.caseId } });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'verified', outcomeReason: '学生到办公室核验原件，人证一致' });
    expect(closed.closedAt).toBeInstanceOf(Date);
    expect(await auditActions(c.caseId)).toEqual(['case.open', 'case.close']);
    expect(
      (
        await t.db.query(`select 1 from public.audit_events where action = 'review.verify' and entity_id = $1 and details ->> 'case_id' = $2`, [
          c.recordId,
          c.caseId,
        ])
      ).length,
    ).toBe(1);
    await expect(setCaseStatus({ access: registrar, input: { caseId: c.caseId, revision: closed.revision, status: 'investigating' } })).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'cases.errors.closed',
    });
    await expect(addCaseNote({ access: registrar, input: { caseId: c.caseId, body: '补记' } })).rejects.toMatchObject({ userMessage: 'cases.errors.closed' });
    await expect(
      t.db.query(`update public.cases set status = 'investigating', outcome = null, outcome_reason = null, closed_at = null where id = $1`, [c.caseId]),
    ).rejects.toThrow(/closed/);
    expect(await listMyDocumentRequests({ access: c.access })).toEqual([]);
  });

  it('returns the record to the student with the items to correct when the outcome is corrected', async () => {
    const c = await escalatedCase();
    const { revision } = await revisionOf(c.caseId);
    await expect(closeCase({ access: registrar, input: { caseId: c.caseId, revision, outcome: 'corrected', reason: '姓名缺少间隔号' } })).rejects.toMatchObject(
      { userMessage: 'cases.errors.correctionsRequired' },
    );
    const res = await closeCase({
      access: registrar,
      input: {
        caseId: c.caseId,
        revision,
        outcome: 'corrected',
        reason: '姓名缺少间隔号，与户口簿不一致',
        corrections: [{ target: 'field:legalName', code: 'name_differs_registrar' }],
        studentComment: '请按户口簿填写姓名',
      },
    });
    expect(res.recordState).toBe('returned');
    const mine = await getMyRecord({ access: c.access });
    expect(mine.state).toBe('returned');
    expect(mine.returned).toEqual({ reasons: [{ target: 'field:legalName', code: 'name_differs_registrar' }], comment: '请按户口簿填写姓名' });
    expect(JSON.stringify(mine)).not.toContain('与户口簿不一致');
  });

  it('records which student row survives a merge, without deleting either', async () => {
    const dup = await duplicateCase(deptA, deptB);
    const { revision } = await revisionOf(dup.caseId);
    await expect(
      closeCase({ access: registrar, input: { caseId: dup.caseId, revision, outcome: 'merged', reason: '同一学生两个学号' } }),
    ).rejects.toMatchObject({ userMessage: 'cases.errors.survivorRequired' });
    await expect(
      closeCase({ access: registrar, input: { caseId: dup.caseId, revision, outcome: 'merged', reason: '同一学生两个学号', survivorStudentId: randomUUID() } }),
    ).rejects.toMatchObject({ userMessage: 'cases.errors.survivorRequired' });
    await closeCase({
      access: registrar,
      input: { caseId: dup.caseId, revision, outcome: 'merged', reason: '同一学生两个学号', survivorStudentId: dup.s2.studentId },
    });
    const c = await getCase({ access: registrar, input: { caseId: dup.caseId } });
    expect(c.events.at(-1)).toMatchObject({
      kind: 'outcome',
      details: { outcome: 'merged', survivor_student_id: dup.s2.studentId, merged_student_id: dup.s1.studentId },
    });
    expect((await t.db.query('select 1 from public.students where id in ($1, $2)', [dup.s1.studentId, dup.s2.studentId])).length).toBe(2);
    expect((await recordOf(dup.s1.studentId)).state).toBe('submitted');
  });
});

describe('working on a case', () => {
  it('moves status only along the allowed transitions', async () => {
    const c = await escalatedCase();
    let { revision } = await revisionOf(c.caseId);
    await expect(setCaseStatus({ access: registrar, input: { caseId: c.caseId, revision, status: 'closed' as never } })).rejects.toMatchObject({
      code: 'invalid_input',
      userMessage: 'cases.errors.transition',
    });
    ({ revision } = await setCaseStatus({ access: registrar, input: { caseId: c.caseId, revision, status: 'legal_consultation', note: '等待法务意见' } }));
    ({ revision } = await setCaseStatus({ access: registrar, input: { caseId: c.caseId, revision, status: 'investigating' } }));
    await expect(setCaseStatus({ access: registrar, input: { caseId: c.caseId, revision, status: 'investigating' } })).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'cases.errors.transition',
    });
    await expect(t.db.query(`update public.cases set status = 'open' where id = $1`, [c.caseId])).rejects.toThrow(/open/);
    expect(await auditActions(c.caseId)).toEqual(['case.open', 'case.set_status', 'case.set_status']);
  });

  it('assigns only to active registrars', async () => {
    const c = await escalatedCase();
    const staff = await listAssignableStaff({ access: registrar });
    expect(staff.map((s) => s.id)).toEqual(expect.arrayContaining([registrar.user.id, registrar2.user.id]));
    expect(staff.map((s) => s.id)).not.toContain(reviewerA.user.id);
    await expect(listAssignableStaff({ access: reviewerA })).rejects.toMatchObject({ code: 'forbidden' });
    const { revision } = await revisionOf(c.caseId);
    await expect(assignCase({ access: registrar, input: { caseId: c.caseId, revision, assigneeId: reviewerA.user.id } })).rejects.toMatchObject({
      userMessage: 'cases.errors.assignee',
    });
    const res = await assignCase({ access: registrar, input: { caseId: c.caseId, revision, assigneeId: registrar2.user.id } });
    const detail = await getCase({ access: registrar, input: { caseId: c.caseId } });
    expect(detail.assignee).toEqual({ id: registrar2.user.id, name: registrar2.user.displayName });
    expect(detail.revision).toBe(res.revision);
    const page = await listCases({ access: registrar2, input: { assignee: 'me' } });
    expect(page.rows.map((r) => r.id)).toEqual([c.caseId]);
    await expect(t.db.query('update public.cases set assignee_id = $2 where id = $1', [c.caseId, reviewerA.user.id])).rejects.toThrow(/registrar/);
    expect(await auditActions(c.caseId)).toEqual(['case.open', 'case.assign']);
  });

  it('gives one of two concurrent changes made on the same revision a conflict', async () => {
    const c = await escalatedCase();
    const { revision } = await revisionOf(c.caseId);
    const results = await Promise.allSettled([
      setCaseStatus({ access: registrar, input: { caseId: c.caseId, revision, status: 'investigating' } }),
      assignCase({ access: registrar2, input: { caseId: c.caseId, revision, assigneeId: registrar2.user.id } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict', userMessage: 'cases.errors.changedMeanwhile' } });
    expect((await revisionOf(c.caseId)).revision).toBe(revision + 1);
    expect((await auditActions(c.caseId)).length).toBe(2);
  });
});
