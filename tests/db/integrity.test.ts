import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { closeCase } from '../../lib/server/cases/close-case';
import { withRls } from '../../lib/server/db/rls';
import { toAppError } from '../../lib/server/errors';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { decideReview } from '../../lib/server/reviews/decide';
import { openReview } from '../../lib/server/reviews/open-review';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeIdNumber, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

/**
 * Issue 8 item 2: a duplicate identity cannot be verified — by the verb, and by direct SQL as the
 * non-superuser `authenticated` role — on PGlite and (npm run test:pg) PostgreSQL.
 */
let t: TestDb;
let dept: { id: string };
let reviewer: Access;
let registrar: Access;

beforeAll(async () => {
  t = await freshDb();
  dept = await makeDepartment(t.db);
  reviewer = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: dept.id })).ctx))!;
  registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
});
afterAll(async () => t?.cleanup());

async function submitted(idNumber: string, birthDate = '1990-03-07') {
  const u = await makeUser(t.db);
  const s = await makeStudent(t.db, dept.id, { userId: u.id });
  const access = (await loadAccess(u.ctx))!;
  await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  for (const kind of ['id_front', 'id_back']) await makeReadyPhoto(t.db, s.id, u.id, kind);
  await submitIdentity({ access, input: { form: validForm({ idNumber, birthDate }), idempotencyKey: randomUUID() } });
  const [rec] = await t.db.query<{ id: string; revision: number }>('select id, revision from public.identity_records where student_id = $1', [s.id]);
  return { studentId: s.id, recordId: rec!.id };
}
const revisionOf = async (id: string) =>
  (await t.db.query<{ revision: number }>('select revision from public.identity_records where id = $1', [id]))[0]!.revision;
const stateOf = async (id: string) => (await t.db.query<{ state: string }>('select state from public.identity_records where id = $1', [id]))[0]!.state;
/** What a reviewer would do with SQL of their own, past the verb: under RLS as `authenticated`. */
const directVerify = (access: Access, recordId: string) =>
  withRls(access.ctx, async (tx) => {
    const [who] = await tx.query<{ current_user: string; rolbypassrls: boolean; rolsuper: boolean }>(
      'select current_user, r.rolbypassrls, r.rolsuper from pg_roles r where r.rolname = current_user',
    );
    expect(who).toEqual({ current_user: 'authenticated', rolbypassrls: false, rolsuper: false });
    return tx.query(`update public.identity_records set state = 'verified', verified_version_id = current_version_id where id = $1`, [recordId]);
  });

describe('duplicates stop verification', () => {
  it('refuses verifying a record with an open duplicate case, by the verb and by direct SQL, and says why on the review screen', async () => {
    const idNumber = makeIdNumber('19900307', 'female');
    await submitted(idNumber);
    const second = await submitted(idNumber);
    const view = await openReview({ access: reviewer, input: { recordId: second.recordId } });
    expect(view.verificationBlocker).toMatchObject({ reason: 'open_case', caseKind: 'duplicate' });
    expect(view.verificationBlocker!.caseId).toMatch(/^[0-9a-f-]{36}$/);

    await expect(
      decideReview({ access: reviewer, input: { decision: 'verify', recordId: second.recordId, revision: await revisionOf(second.recordId) } }),
    ).rejects.toMatchObject({ code: 'conflict', userMessage: 'integrity.verificationBlocked' });
    const sqlError = await directVerify(reviewer, second.recordId).then(
      () => null,
      (e: unknown) => e,
    );
    expect(sqlError).toMatchObject({ code: '23514' });
    expect(toAppError(sqlError)).toMatchObject({ code: 'conflict', userMessage: 'integrity.verificationBlocked' });
    expect(await stateOf(second.recordId)).toBe('submitted');

    // Closing the case as "rejected" lifts nothing: the duplicate flag stays unresolved.
    const caseId = view.verificationBlocker!.caseId!;
    const rev = async () => (await t.db.query<{ revision: number }>('select revision from public.cases where id = $1', [caseId]))[0]!.revision;
    await closeCase({ access: registrar, input: { caseId, revision: await rev(), outcome: 'rejected', reason: '冒用他人证件' } });
    expect((await openReview({ access: reviewer, input: { recordId: second.recordId } })).verificationBlocker).toMatchObject({
      reason: 'duplicate_flag',
      caseId,
    });
    await expect(directVerify(reviewer, second.recordId)).rejects.toMatchObject({ code: '23514' });
  });

  it('lets the record be verified once the office closed the duplicate case as "not the same person", but never two verified students with one ID number', async () => {
    const idNumber = makeIdNumber('19900307', 'female');
    const first = await submitted(idNumber);
    const second = await submitted(idNumber);
    const view = await openReview({ access: reviewer, input: { recordId: second.recordId } });
    const caseId = view.verificationBlocker!.caseId!;
    const [c] = await t.db.query<{ revision: number }>('select revision from public.cases where id = $1', [caseId]);
    await closeCase({ access: registrar, input: { caseId, revision: c!.revision, outcome: 'verified', reason: '核实为两名不同学生（录入错误待更正）' } });
    expect((await openReview({ access: reviewer, input: { recordId: second.recordId } })).verificationBlocker).toBeNull();
    await decideReview({ access: reviewer, input: { decision: 'verify', recordId: second.recordId, revision: await revisionOf(second.recordId) } });
    expect(await stateOf(second.recordId)).toBe('verified');

    // The first student (no case of their own, flag not computed) cannot be verified with the
    // same number: the partial unique index refuses it, by verb and by SQL.
    await expect(directVerify(reviewer, first.recordId)).rejects.toMatchObject({ code: '23505' });
    const err = await decideReview({
      access: reviewer,
      input: { decision: 'verify', recordId: first.recordId, revision: await revisionOf(first.recordId) },
    }).then(() => null, toAppError);
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err!.code).not.toBe('internal');
    expect(await stateOf(first.recordId)).not.toBe('verified');
  });

  it('refuses closing a case "student must correct" without choosing what to correct, whatever the record’s state', async () => {
    const idNumber = makeIdNumber('19900307', 'female');
    await submitted(idNumber);
    const second = await submitted(idNumber);
    const caseId = (await openReview({ access: reviewer, input: { recordId: second.recordId } })).verificationBlocker!.caseId!;
    const [c] = await t.db.query<{ revision: number }>('select revision from public.cases where id = $1', [caseId]);
    for (const corrections of [undefined, []]) {
      await expect(
        closeCase({ access: registrar, input: { caseId, revision: c!.revision, outcome: 'corrected', reason: '需更正', corrections } }),
      ).rejects.toMatchObject({ code: 'invalid_input', userMessage: 'cases.errors.correctionsRequired' });
    }
    const [after] = await t.db.query<{ status: string }>('select status from public.cases where id = $1', [caseId]);
    expect(after!.status).not.toBe('closed');
  });
});
