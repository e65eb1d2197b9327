import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { confirmTask, openSection } from '../../lib/server/campaigns/confirm';
import { createCampaign } from '../../lib/server/campaigns/create-campaign';
import { openCampaign } from '../../lib/server/campaigns/lifecycle';
import { getMyTask } from '../../lib/server/campaigns/my-task';
import { addCaseNote } from '../../lib/server/cases/add-note';
import { decideCorrection } from '../../lib/server/corrections/decide-correction';
import { requestCorrection } from '../../lib/server/corrections/request-correction';
import { withRls } from '../../lib/server/db/rls';
import { toAppError } from '../../lib/server/errors';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { decideReview } from '../../lib/server/reviews/decide';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeDepartment, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

let t: TestDb;
let dept: { id: string };
let registrar: Access, reviewer: Access;

async function verifiedStudent() {
  const u = await makeUser(t.db, { name: `学生${randomUUID().slice(0, 4)}` });
  const s = await makeStudent(t.db, dept.id, { userId: u.id });
  const access = (await loadAccess(u.ctx))!;
  await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  for (const kind of ['id_front', 'id_back']) await makeReadyPhoto(t.db, s.id, u.id, kind);
  await submitIdentity({ access, input: { form: validForm(), idempotencyKey: randomUUID() } });
  const [rec] = await t.db.query<{ id: string; revision: number }>('select id, revision from public.identity_records where student_id = $1', [s.id]);
  await decideReview({ access: reviewer, input: { decision: 'verify', recordId: rec!.id, revision: rec!.revision } });
  return { access, studentId: s.id, userId: u.id, recordId: rec!.id };
}

const versions = async (recordId: string, source: string) =>
  (await t.db.query<{ n: number }>('select count(*)::int as n from public.identity_versions where record_id = $1 and source = $2', [recordId, source]))[0]!.n;

/** Runs n calls at once; on PostgreSQL each one gets its own pooled connection. */
async function parallel<T>(n: number, fn: (i: number) => Promise<T>) {
  return Promise.allSettled(Array.from({ length: n }, (_, i) => fn(i)));
}

beforeAll(async () => {
  t = await freshDb();
  dept = await makeDepartment(t.db);
  registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
  reviewer = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: dept.id })).ctx))!;
});
afterAll(async () => t?.cleanup());

describe('idempotency keys (RLS)', () => {
  it('each person reads and writes only their own keys, with rows of others present', async () => {
    const a = await verifiedStudent();
    const b = await verifiedStudent();
    const keyA = randomUUID();
    await requestCorrection({ access: a.access, input: { changes: { phone: '13900002001' }, reason: 'x', idempotencyKey: keyA } });
    await requestCorrection({ access: b.access, input: { changes: { phone: '13900002002' }, reason: 'x', idempotencyKey: randomUUID() } });
    expect(await t.db.query('select 1 from public.idempotency_keys')).toHaveLength(2);
    await withRls(a.access.ctx, async (tx) => {
      const mine = await tx.query<{ user_id: string }>('select user_id from public.idempotency_keys');
      expect(mine.map((r) => r.user_id)).toEqual([a.userId]);
      // Another person's row cannot be changed (0 rows), nor one written in their name.
      expect(await tx.query(`update public.idempotency_keys set result = '{"v":1}' where user_id = $1 returning key`, [b.userId])).toEqual([]);
      expect(await tx.query(`update public.idempotency_keys set result = result where user_id = $1 returning key`, [a.userId])).toHaveLength(1);
    });
    await expect(
      withRls(a.access.ctx, (tx) =>
        tx.query(`insert into public.idempotency_keys (user_id, verb, key, fingerprint) values ($1, 'x.y', $2, repeat('0', 64))`, [b.userId, randomUUID()]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    // Deleting is for expiry only (the table owner): a person cannot clear their history.
    await expect(withRls(a.access.ctx, (tx) => tx.query('delete from public.idempotency_keys where key = $1', [keyA]))).rejects.toMatchObject({
      code: '42501',
    });
    // Staff see no one's keys either.
    await withRls(registrar.ctx, async (tx) => expect(await tx.query('select 1 from public.idempotency_keys')).toEqual([]));
  });
});

describe('corrections are idempotent and race-safe', () => {
  it('a retry with the same key returns the first answer and writes nothing more', async () => {
    const a = await verifiedStudent();
    const key = randomUUID();
    const input = { changes: { phone: '13900003001' }, reason: '换号', idempotencyKey: key };
    const first = await requestCorrection({ access: a.access, input });
    const again = await requestCorrection({ access: a.access, input });
    expect(again).toEqual(first);
    expect(await versions(a.recordId, 'self_service')).toBe(1);
    expect(await t.db.query(`select 1 from public.audit_events where action = 'identity.self_service_change' and entity_id = $1`, [a.recordId])).toHaveLength(
      1,
    );
  });

  it('the same key with a different input is refused, not answered with the other result', async () => {
    const a = await verifiedStudent();
    const key = randomUUID();
    await requestCorrection({ access: a.access, input: { changes: { phone: '13900004001' }, reason: 'x', idempotencyKey: key } });
    await expect(requestCorrection({ access: a.access, input: { changes: { phone: '13900004002' }, reason: 'x', idempotencyKey: key } })).rejects.toMatchObject(
      { code: 'conflict', userMessage: 'integrity.idempotencyReused' },
    );
    expect(await versions(a.recordId, 'self_service')).toBe(1);
  });

  it('a malformed key is a localized 400', async () => {
    const a = await verifiedStudent();
    await expect(
      requestCorrection({ access: a.access, input: { changes: { phone: '13900004101' }, reason: 'x', idempotencyKey: 'nope' } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('concurrent calls with one key give one version and the same answer to all', async () => {
    const a = await verifiedStudent();
    const input = { changes: { phone: '13900005001' }, reason: '换号', idempotencyKey: randomUUID() };
    const results = await parallel(8, () => requestCorrection({ access: a.access, input }));
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : toAppError(r.reason).code));
    for (const v of values) expect(v).toEqual(values[0]);
    expect(values[0]).toMatchObject({ selfServiceApplied: ['phone'] });
    expect(await versions(a.recordId, 'self_service')).toBe(1);
  });

  it('concurrent calls with different keys for one change give one version; the others learn nothing changed (400, never internal)', async () => {
    const a = await verifiedStudent();
    const results = await parallel(8, () =>
      requestCorrection({ access: a.access, input: { changes: { phone: '13900006001' }, reason: 'x', idempotencyKey: randomUUID() } }),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect(toAppError((r as PromiseRejectedResult).reason)).toMatchObject({ code: 'invalid_input', userMessage: 'corrections.errors.nothingChanged' });
    expect(await versions(a.recordId, 'self_service')).toBe(1);
  });

  it('concurrent approval-field requests give one pending request, never a unique violation', async () => {
    const a = await verifiedStudent();
    const evidence = await makeReadyPhoto(t.db, a.studentId, a.userId, 'evidence');
    const results = await parallel(6, (i) =>
      requestCorrection({
        access: a.access,
        input: { changes: { legalName: `张明明${'一二三四五六'[i]}` }, reason: '更名', evidenceDocumentIds: [evidence], idempotencyKey: randomUUID() },
      }),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
    const ids = new Set(results.map((r) => (r as PromiseFulfilledResult<{ requestId: string }>).value.requestId));
    expect(ids.size).toBe(1);
    expect(await t.db.query(`select 1 from public.correction_requests where student_id = $1`, [a.studentId])).toHaveLength(1);
  });

  it("a taskId that is not the caller's is refused with a clear 404", async () => {
    const a = await verifiedStudent();
    const b = await verifiedStudent();
    const { campaignId } = await createCampaign({
      access: registrar,
      input: {
        name: '幂等测试',
        semester: '2026 秋',
        opensAt: new Date(Date.now() - 3600e3).toISOString(),
        closesAt: new Date(Date.now() + 86400e3).toISOString(),
      },
    });
    await openCampaign({ access: registrar, input: { campaignId } });
    const bTask = (await getMyTask({ access: b.access }))!;
    const evidence = await makeReadyPhoto(t.db, a.studentId, a.userId, 'evidence');
    for (const taskId of [bTask.taskId, randomUUID()]) {
      await expect(
        requestCorrection({ access: a.access, input: { changes: { legalName: '张明明' }, reason: '更名', evidenceDocumentIds: [evidence], taskId } }),
      ).rejects.toMatchObject({ code: 'not_found', userMessage: 'integrity.taskNotYours' });
    }
    expect(await t.db.query(`select 1 from public.correction_requests where student_id = $1`, [a.studentId])).toHaveLength(0);
    const [bt] = await t.db.query<{ status: string }>('select status from public.confirmation_tasks where id = $1', [bTask.taskId]);
    expect(bt!.status).toBe('pending');

    // Confirming: the same key twice is one confirmation; concurrent confirmations are one too.
    const aTask = (await getMyTask({ access: a.access }))!;
    for (const section of ['identity', 'document', 'contact']) await openSection({ access: a.access, input: { taskId: aTask.taskId, section } });
    const key = randomUUID();
    const confirms = await parallel(5, () => confirmTask({ access: a.access, input: { taskId: aTask.taskId, idempotencyKey: key } }));
    for (const r of confirms) expect(r).toEqual({ status: 'fulfilled', value: (confirms[0] as PromiseFulfilledResult<unknown>).value });
    expect(confirms[0]).toMatchObject({ status: 'fulfilled', value: { duplicate: false } });
    expect(await t.db.query(`select 1 from public.audit_events where action = 'confirmation.confirm' and entity_id = $1`, [aTask.taskId])).toHaveLength(1);
  });
});

describe('staff decisions are idempotent', () => {
  it('an approval retried with its key returns the first version; concurrent approvals make one version', async () => {
    const a = await verifiedStudent();
    const evidence = await makeReadyPhoto(t.db, a.studentId, a.userId, 'evidence');
    const { requestId } = await requestCorrection({
      access: a.access,
      input: { changes: { legalName: '张明明' }, reason: '更名', evidenceDocumentIds: [evidence] },
    });
    const [req] = await t.db.query<{ revision: number }>('select revision from public.correction_requests where id = $1', [requestId]);
    const input = { decision: 'approve' as const, requestId: requestId!, revision: req!.revision, idempotencyKey: randomUUID() };
    const results = await parallel(5, () => decideCorrection({ access: reviewer, input }));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('fulfilled'));
    for (const r of results) expect(r).toEqual(results[0]);
    expect(await decideCorrection({ access: reviewer, input })).toEqual((results[0] as PromiseFulfilledResult<unknown>).value);
    expect(await versions(a.recordId, 'correction')).toBe(1);
    // Without the key a second approval is a clear conflict, not a second version.
    await expect(decideCorrection({ access: reviewer, input: { ...input, idempotencyKey: undefined } })).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'corrections.errors.alreadyDecided',
    });
  });

  it('a self-service change racing an approval: both land, as two versions in order, no unique violation', async () => {
    const a = await verifiedStudent();
    const evidence = await makeReadyPhoto(t.db, a.studentId, a.userId, 'evidence');
    const { requestId } = await requestCorrection({
      access: a.access,
      input: { changes: { legalName: '李华华' }, reason: '更名', evidenceDocumentIds: [evidence] },
    });
    const [req] = await t.db.query<{ revision: number }>('select revision from public.correction_requests where id = $1', [requestId]);
    const [approve, self] = await Promise.all([
      decideCorrection({ access: reviewer, input: { decision: 'approve', requestId: requestId!, revision: req!.revision } }),
      requestCorrection({ access: a.access, input: { changes: { phone: '13900007001' }, reason: 'x' } }),
    ]);
    expect(approve.status).toBe('approved');
    expect(self.selfServiceApplied).toEqual(['phone']);
    const seqs = await t.db.query<{ seq: number }>('select seq from public.identity_versions where record_id = $1 order by seq', [a.recordId]);
    expect(seqs.map((s) => s.seq)).toEqual([1, 2, 3]);
    const [cur] = await t.db.query<{ legal_name: string; phone: string }>(
      'select v.legal_name, v.phone from public.identity_records r join public.identity_versions v on v.id = r.verified_version_id where r.id = $1',
      [a.recordId],
    );
    // Whichever went second built on the first: the verified version has both changes.
    expect(cur).toEqual({ legal_name: '李华华', phone: '+8613900007001' });
  });

  it('a case note retried with its key is written once', async () => {
    const a = await verifiedStudent();
    const [c] = await t.db.query<{ id: string }>(
      `insert into public.cases (student_id, department_id, kind, source) values ($1, $2, 'anomaly', 'manual') returning id`,
      [a.studentId, dept.id],
    );
    const input = { caseId: c!.id, body: '已电话联系', idempotencyKey: randomUUID() };
    const results = await parallel(4, () => addCaseNote({ access: registrar, input }));
    for (const r of results) expect(r).toEqual({ status: 'fulfilled', value: (results[0] as PromiseFulfilledResult<unknown>).value });
    expect(await t.db.query(`select 1 from public.case_events where case_id = $1 and kind = 'note'`, [c!.id])).toHaveLength(1);
  });

  it.runIf(testEngine === 'postgres')('on PostgreSQL the parallel calls really overlap (separate connections)', async () => {
    const rows = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.db.transaction(async (tx) => (await tx.query<{ pid: number }>('select pg_backend_pid() as pid, pg_sleep(0.2)'))[0]!.pid),
      ),
    );
    expect(new Set(rows).size).toBe(4);
  });
});
