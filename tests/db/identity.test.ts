import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { withRls } from '../../lib/server/db/rls';
import { documentViewUrl } from '../../lib/server/documents/view-url';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { getMyRecord } from '../../lib/server/identity/get-my-record';
import { saveDraft } from '../../lib/server/identity/save-draft';
import { submitIdentity } from '../../lib/server/identity/submit';
import { decideReview } from '../../lib/server/reviews/decide';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

let t: TestDb;
let deptA: { id: string }, deptB: { id: string };
let reviewerA: Access, reviewerB: Access;

async function newStudent(dept: { id: string }, opts: { notice?: boolean; photos?: boolean } = {}) {
  const u = await makeUser(t.db);
  const s = await makeStudent(t.db, dept.id, { userId: u.id });
  const access = (await loadAccess(u.ctx))!;
  if (opts.notice !== false) await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  const photos: Record<string, string> = {};
  if (opts.photos !== false) {
    for (const kind of ['id_front', 'id_back']) photos[kind] = await makeReadyPhoto(t.db, s.id, u.id, kind);
  }
  return { access, studentId: s.id, userId: u.id, photos };
}

const recordOf = async (studentId: string) =>
  (
    await t.db.query<{ id: string; state: string; revision: number; return_count: number }>(
      'select id, state, revision, return_count from public.identity_records where student_id = $1',
      [studentId],
    )
  )[0]!;

beforeAll(async () => {
  t = await freshDb();
  deptA = await makeDepartment(t.db);
  deptB = await makeDepartment(t.db);
  reviewerA = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: deptA.id })).ctx))!;
  reviewerB = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: deptB.id })).ctx))!;
});
afterAll(async () => t?.cleanup());

describe('submitting the identity form', () => {
  it('creates one immutable version with the number encrypted, masked and blind-indexed, its checks and an audit event', async () => {
    const s = await newStudent(deptA);
    const form = validForm();
    const res = await submitIdentity({ access: s.access, input: { form, idempotencyKey: randomUUID() } });
    expect(res).toMatchObject({ seq: 1, state: 'submitted', duplicate: false });
    const [v] = await t.db.query<{ id_number_enc: string; id_number_mask: string; id_number_bidx: string; legal_name: string }>(
      'select id_number_enc, id_number_mask, id_number_bidx, legal_name from public.identity_versions where id = $1',
      [res.versionId],
    );
    expect(v!.id_number_enc).not.toContain(form.idNumber);
    expect(v!.id_number_enc.startsWith('v1.')).toBe(true);
    expect(v!.id_number_mask).toBe(`${form.idNumber.slice(0, 4)}**********${form.idNumber.slice(-4)}`);
    expect(v!.id_number_bidx).toMatch(/^[0-9a-f]{64}$/);
    const checks = await t.db.query<{ rule: string; code: string }>('select rule, code from public.checks where version_id = $1', [res.versionId]);
    expect(checks.map((c) => c.rule)).toEqual(expect.arrayContaining(['required_fields', 'format', 'id_checksum', 'birth_sex_vs_number', 'required_photos']));
    expect(checks.find((c) => c.rule === 'required_photos')!.code).toBe('ok');
    const events = await t.db.query<{ details: unknown }>(`select details from public.audit_events where action = 'identity.submit' and entity_id = $1`, [
      (await recordOf(s.studentId)).id,
    ]);
    expect(events).toEqual([{ details: { version_id: res.versionId, seq: 1 } }]);
    await expect(t.db.query(`update public.identity_versions set legal_name = 'x' where id = $1`, [res.versionId])).rejects.toMatchObject({ code: '42501' });
  });

  it('creates exactly one version for a double tap or a retried request with the same key', async () => {
    const s = await newStudent(deptA);
    const key = randomUUID();
    const [a, b] = await Promise.all([
      submitIdentity({ access: s.access, input: { form: validForm(), idempotencyKey: key } }),
      submitIdentity({ access: s.access, input: { form: validForm(), idempotencyKey: key } }),
    ]);
    const retry = await submitIdentity({ access: s.access, input: { form: validForm(), idempotencyKey: key } });
    expect(new Set([a.versionId, b.versionId, retry.versionId]).size).toBe(1);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect((await t.db.query('select 1 from public.identity_versions where student_id = $1', [s.studentId])).length).toBe(1);
    await expect(submitIdentity({ access: s.access, input: { form: validForm(), idempotencyKey: randomUUID() } })).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'identity.errors.alreadySubmitted',
    });
  });

  it('refuses bad input with per-field messages and keeps the saved draft', async () => {
    const s = await newStudent(deptA);
    await saveDraft({ access: s.access, input: { legalName: '迪丽努尔·艾买提', idNumber: '11010519900307123' } });
    const bad = validForm({
      idNumber: validForm().idNumber.slice(0, 17) + (validForm().idNumber.endsWith('0') ? '1' : '0'),
      birthDate: '1999-02-30',
      phone: '010-12345678',
    });
    await expect(submitIdentity({ access: s.access, input: { form: bad, idempotencyKey: randomUUID() } })).rejects.toMatchObject({
      code: 'invalid_input',
      fieldErrors: { birthDate: 'identity.errors.birthDate', phone: expect.stringMatching(/^identity\.errors\.phone\./) },
    });
    const mismatch = validForm({ birthDate: '1990-07-03' });
    await expect(submitIdentity({ access: s.access, input: { form: mismatch, idempotencyKey: randomUUID() } })).rejects.toMatchObject({
      fieldErrors: { birthDate: 'identity.errors.birthMismatch::{"fromNumber":"1990-03-07","fromForm":"1990-07-03"}' },
    });
    const mine = await getMyRecord({ access: s.access });
    expect(mine.state).toBe('draft');
    expect(mine.form).toMatchObject({ legalName: '迪丽努尔·艾买提', idNumber: '11010519900307123' });
    const [row] = await t.db.query<{ draft_id_number_enc: string }>('select draft_id_number_enc from public.identity_records where student_id = $1', [
      s.studentId,
    ]);
    expect(row!.draft_id_number_enc).not.toContain('11010519900307123');
  });

  it('requires the privacy notice and the photos of the document type', async () => {
    const noNotice = await newStudent(deptA, { notice: false });
    await expect(submitIdentity({ access: noNotice.access, input: { form: validForm(), idempotencyKey: randomUUID() } })).rejects.toMatchObject({
      userMessage: 'identity.errors.noticeRequired',
    });
    const noPhotos = await newStudent(deptA, { photos: false });
    await makeReadyPhoto(t.db, noPhotos.studentId, noPhotos.userId, 'id_front');
    await expect(submitIdentity({ access: noPhotos.access, input: { form: validForm(), idempotencyKey: randomUUID() } })).rejects.toMatchObject({
      userMessage: 'identity.errors.photosMissing',
      fieldErrors: { 'photo:id_back': 'photo.errors.required' },
    });
    await expect(acceptNotice({ access: noNotice.access, input: { version: 'old' } })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('who can see and change a record', () => {
  it('keeps another student out of the record, versions, checks, photos and events', async () => {
    const a = await newStudent(deptA);
    const b = await newStudent(deptA);
    const res = await submitIdentity({ access: a.access, input: { form: validForm(), idempotencyKey: randomUUID() } });
    await withRls(b.access.ctx, async (tx) => {
      for (const table of ['identity_records', 'identity_versions', 'documents', 'checks', 'review_events', 'version_documents', 'consents']) {
        const rows = await tx.query(`select * from public.${table}`);
        expect(
          rows.filter((r) => JSON.stringify(r).includes(a.studentId) || JSON.stringify(r).includes(res.versionId)),
          table,
        ).toEqual([]);
      }
    });
    await expect(documentViewUrl({ access: b.access, input: { documentId: a.photos.id_front! } })).rejects.toMatchObject({ code: 'not_found' });
    const rec = await recordOf(a.studentId);
    expect(await withRls(b.access.ctx, (tx) => tx.query(`update public.identity_records set state = 'verified' where id = $1 returning id`, [rec.id]))).toEqual(
      [],
    );
  });

  it('never lets a student verify their own record or write a staff decision', async () => {
    const a = await newStudent(deptA);
    await submitIdentity({ access: a.access, input: { form: validForm(), idempotencyKey: randomUUID() } });
    const rec = await recordOf(a.studentId);
    expect(await withRls(a.access.ctx, (tx) => tx.query(`update public.identity_records set state = 'verified' where id = $1 returning id`, [rec.id]))).toEqual(
      [],
    );
    await expect(
      withRls(a.access.ctx, (tx) =>
        tx.query(`insert into public.review_events (record_id, actor_id, kind, visible_to_student) values ($1, $2, 'verified', true)`, [rec.id, a.userId]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(decideReview({ access: a.access, input: { decision: 'verify', recordId: rec.id, revision: rec.revision } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await recordOf(a.studentId)).state).toBe('submitted');
  });

  it('lets a reviewer of the department decide and keeps another department’s reviewer out', async () => {
    const a = await newStudent(deptA);
    await submitIdentity({ access: a.access, input: { form: validForm(), idempotencyKey: randomUUID() } });
    const rec = await recordOf(a.studentId);
    expect(await withRls(reviewerB.ctx, (tx) => tx.query('select 1 from public.identity_records where id = $1', [rec.id]))).toEqual([]);
    await expect(decideReview({ access: reviewerB, input: { decision: 'verify', recordId: rec.id, revision: rec.revision } })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(documentViewUrl({ access: reviewerB, input: { documentId: a.photos.id_front! } })).rejects.toMatchObject({ code: 'not_found' });
    const url = await documentViewUrl({ access: reviewerA, input: { documentId: a.photos.id_front! } });
    expect(url).toMatch(/token=/);
    expect(
      (await t.db.query(`select actor_role from public.audit_events where action = 'document.view' and entity_id = $1`, [a.photos.id_front])).map(
        (r) => (r as { actor_role: string }).actor_role,
      ),
    ).toEqual(['reviewer']);
    const res = await decideReview({ access: reviewerA, input: { decision: 'verify', recordId: rec.id, revision: rec.revision } });
    expect(res.state).toBe('verified');
  });

  it('gives one of two concurrent decisions on the same revision a conflict', async () => {
    const a = await newStudent(deptA);
    await submitIdentity({ access: a.access, input: { form: validForm(), idempotencyKey: randomUUID() } });
    const rec = await recordOf(a.studentId);
    const results = await Promise.allSettled([
      decideReview({ access: reviewerA, input: { decision: 'verify', recordId: rec.id, revision: rec.revision } }),
      decideReview({
        access: reviewerA,
        input: { decision: 'return', recordId: rec.id, revision: rec.revision, reasons: [{ target: 'field:legalName', code: 'name_differs_registrar' }] },
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict', userMessage: 'review.errors.changedMeanwhile' } });
  });
});

describe('returned records', () => {
  it('shows the student each returned item, accepts changes only there, and keeps the old version intact', async () => {
    const a = await newStudent(deptA);
    const first = await submitIdentity({ access: a.access, input: { form: validForm({ legalName: '迪丽努尔艾买提' }), idempotencyKey: randomUUID() } });
    let rec = await recordOf(a.studentId);
    await decideReview({
      access: reviewerA,
      input: {
        decision: 'return',
        recordId: rec.id,
        revision: rec.revision,
        reasons: [
          { target: 'field:legalName', code: 'name_differs_registrar', comment: '请与学籍一致，名字中间有“·”' },
          { target: 'document:id_back', code: 'photo_blurry' },
        ],
      },
    });
    const mine = await getMyRecord({ access: a.access });
    expect(mine.state).toBe('returned');
    expect(mine.returned!.reasons.map((r) => r.target)).toEqual(['field:legalName', 'document:id_back']);
    expect(mine.form.idNumber).toBeUndefined();
    expect(mine.current!.idNumberMask).toMatch(/^\d{4}\*{10}\w{4}$/);

    // The blurry photo must be retaken.
    await expect(
      submitIdentity({ access: a.access, input: { form: validForm({ legalName: '迪丽努尔·艾买提', idNumber: '' }), idempotencyKey: randomUUID() } }),
    ).rejects.toMatchObject({ userMessage: 'identity.errors.retakePhotos' });
    const newBack = await makeReadyPhoto(t.db, a.studentId, a.userId, 'id_back');
    const second = await submitIdentity({
      access: a.access,
      input: {
        form: validForm({ legalName: '迪丽努尔·艾买提', idNumber: '', phone: '13900000000' }),
        idempotencyKey: randomUUID(),
      },
    });
    expect(second.seq).toBe(2);
    const [v2] = await t.db.query<{ legal_name: string; phone: string }>('select legal_name, phone from public.identity_versions where id = $1', [
      second.versionId,
    ]);
    expect(v2).toEqual({ legal_name: '迪丽努尔·艾买提', phone: '+8613812345678' });
    const [v1] = await t.db.query<{ legal_name: string }>('select legal_name from public.identity_versions where id = $1', [first.versionId]);
    expect(v1!.legal_name).toBe('迪丽努尔艾买提');
    const docs = await t.db.query<{ kind: string; document_id: string }>(
      'select kind, document_id from public.version_documents where version_id = $1 order by kind',
      [second.versionId],
    );
    expect(docs).toEqual([
      { kind: 'id_back', document_id: newBack },
      { kind: 'id_front', document_id: a.photos.id_front },
    ]);
    rec = await recordOf(a.studentId);
    expect(rec.state).toBe('submitted');
    expect((await getMyRecord({ access: a.access })).timeline.map((e) => e.kind)).toEqual(['submitted', 'returned', 'resubmitted']);
  });

  it('sends a record to the verification office after the configured number of returns', async () => {
    const a = await newStudent(deptA);
    for (let i = 0; i < 5; i++) {
      if (i > 0) await makeReadyPhoto(t.db, a.studentId, a.userId, 'id_back');
      await submitIdentity({ access: a.access, input: { form: validForm({ idNumber: i === 0 ? validForm().idNumber : '' }), idempotencyKey: randomUUID() } });
      const rec = await recordOf(a.studentId);
      await decideReview({
        access: reviewerA,
        input: { decision: 'return', recordId: rec.id, revision: rec.revision, reasons: [{ target: 'document:id_back', code: 'photo_glare' }] },
      });
    }
    const rec = await recordOf(a.studentId);
    expect(rec).toMatchObject({ state: 'escalated', return_count: 5 });
    expect((await getMyRecord({ access: a.access })).state).toBe('escalated');
  });
});
