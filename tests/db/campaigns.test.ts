import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { confirmTask, openSection } from '../../lib/server/campaigns/confirm';
import { createCampaign } from '../../lib/server/campaigns/create-campaign';
import { campaignDashboard, exportUnfinished } from '../../lib/server/campaigns/dashboard';
import { closeCampaign, extendCampaign, openCampaign } from '../../lib/server/campaigns/lifecycle';
import { getMyTask } from '../../lib/server/campaigns/my-task';
import { sendReminders } from '../../lib/server/campaigns/send-reminders';
import { decideCorrection } from '../../lib/server/corrections/decide-correction';
import { getCorrection } from '../../lib/server/corrections/get-correction';
import { listCorrections } from '../../lib/server/corrections/list-corrections';
import { requestCorrection } from '../../lib/server/corrections/request-correction';
import { withRls } from '../../lib/server/db/rls';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { SmtpChannel } from '../../lib/server/notify/channel';
import { deliverQueued } from '../../lib/server/notify/deliver';
import { decideReview } from '../../lib/server/reviews/decide';
import { freshDb, type TestDb } from '../helpers/db';
import { startSmtpSink } from '../helpers/smtp-sink';
import { makeDepartment, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

let t: TestDb;
let deptA: { id: string }, deptB: { id: string };
let registrar: Access, reviewerA: Access, reviewerB: Access;

/** A student with a verified record, made through the real submit and review verbs. */
async function verifiedStudent(dept: { id: string }, cohort = 2025) {
  const u = await makeUser(t.db, { name: `学生${randomUUID().slice(0, 4)}` });
  await t.db.query(`update public.app_users set email = $2 where id = $1`, [u.id, `${u.id.slice(0, 8)}@stu.example.edu.cn`]);
  const s = await makeStudent(t.db, dept.id, { userId: u.id, cohort });
  const access = (await loadAccess(u.ctx))!;
  await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  for (const kind of ['id_front', 'id_back']) await makeReadyPhoto(t.db, s.id, u.id, kind);
  await submitIdentity({ access, input: { form: validForm(), idempotencyKey: randomUUID() } });
  const [rec] = await t.db.query<{ id: string; revision: number }>('select id, revision from public.identity_records where student_id = $1', [s.id]);
  const reviewer = dept === deptA ? reviewerA : reviewerB;
  await decideReview({ access: reviewer, input: { decision: 'verify', recordId: rec!.id, revision: rec!.revision } });
  return { access, studentId: s.id, userId: u.id, recordId: rec!.id };
}

async function openedCampaign(
  scope: { departmentIds?: string[]; cohorts?: number[] } = {},
  window = { opensAt: new Date(Date.now() - 3600e3), closesAt: new Date(Date.now() + 7 * 86400e3) },
) {
  const { campaignId } = await createCampaign({
    access: registrar,
    input: {
      name: '2026-2027 春季学期信息确认',
      semester: '2026-2027 春季学期',
      opensAt: window.opensAt.toISOString(),
      closesAt: window.closesAt.toISOString(),
      ...scope,
    },
  });
  const { tasks } = await openCampaign({ access: registrar, input: { campaignId } });
  return { campaignId, tasks };
}

async function openAll(access: Access, taskId: string) {
  for (const section of ['identity', 'document', 'contact']) await openSection({ access, input: { taskId, section } });
}

beforeAll(async () => {
  t = await freshDb();
  deptA = await makeDepartment(t.db);
  deptB = await makeDepartment(t.db);
  registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
  reviewerA = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: deptA.id })).ctx))!;
  reviewerB = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: deptB.id })).ctx))!;
});
afterAll(async () => t?.cleanup());

describe('confirmation', () => {
  it('needs every section opened, records the confirmed version once, and only within scope', async () => {
    const a = await verifiedStudent(deptA);
    const b = await verifiedStudent(deptB);
    const { campaignId } = await openedCampaign({ departmentIds: [deptA.id] });
    expect(await getMyTask({ access: b.access })).toBeNull();
    const task = (await getMyTask({ access: a.access }))!;
    expect(task).toMatchObject({ campaignId, status: 'pending', open: true });
    expect(task.verified!.fields.idNumber).toMatch(/^\d{4}\*{10}\w{4}$/);

    await openSection({ access: a.access, input: { taskId: task.taskId, section: 'identity' } });
    await expect(confirmTask({ access: a.access, input: { taskId: task.taskId } })).rejects.toMatchObject({ userMessage: 'confirm.errors.openAllSections' });
    await openAll(a.access, task.taskId);
    const [first, second] = await Promise.all([
      confirmTask({ access: a.access, input: { taskId: task.taskId } }),
      confirmTask({ access: a.access, input: { taskId: task.taskId } }),
    ]);
    const again = await confirmTask({ access: a.access, input: { taskId: task.taskId } });
    const [rec] = await t.db.query<{ verified_version_id: string }>('select verified_version_id from public.identity_records where id = $1', [a.recordId]);
    expect(new Set([first.versionId, second.versionId, again.versionId])).toEqual(new Set([rec!.verified_version_id]));
    expect([first.duplicate, second.duplicate, again.duplicate].filter((d) => !d)).toHaveLength(1);
    const audits = await t.db.query(`select 1 from public.audit_events where action = 'confirmation.confirm' and entity_id = $1`, [task.taskId]);
    expect(audits).toHaveLength(1);

    // Another student's task id is not theirs to confirm.
    await expect(confirmTask({ access: b.access, input: { taskId: task.taskId } })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('shows the campaign opened last when two open at the same moment (the form has minutes, not seconds)', async () => {
    const a = await verifiedStudent(deptA, 2032);
    const window = { opensAt: new Date(Math.floor(Date.now() / 60e3) * 60e3 - 3600e3), closesAt: new Date(Date.now() + 5 * 86400e3) };
    const first = await openedCampaign({ cohorts: [2032] }, window);
    const second = await openedCampaign({ cohorts: [2032] }, { ...window, closesAt: new Date(Date.now() + 3 * 86400e3) });
    // Same opens_at; whichever order the rows come in, the one opened last is the student's task.
    await t.db.query(`update public.campaigns set opened_at = now() - interval '1 minute' where id = $1`, [first.campaignId]);
    expect((await getMyTask({ access: a.access }))!.campaignId).toBe(second.campaignId);
    await t.db.query(`update public.campaigns set opened_at = now() + interval '1 minute' where id = $1`, [first.campaignId]);
    expect((await getMyTask({ access: a.access }))!.campaignId).toBe(first.campaignId);
  });

  it('refuses to confirm after the deadline and reopens on an extension', async () => {
    const a = await verifiedStudent(deptA, 2031);
    const { campaignId } = await openedCampaign({ cohorts: [2031] });
    const task = (await getMyTask({ access: a.access }))!;
    await openAll(a.access, task.taskId);
    await t.db.query(`update public.campaigns set opens_at = now() - interval '2 days', closes_at = now() - interval '1 minute' where id = $1`, [campaignId]);
    await expect(confirmTask({ access: a.access, input: { taskId: task.taskId } })).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'confirm.errors.closed',
    });
    const dash = await campaignDashboard({ access: registrar, input: { campaignId } });
    expect(dash.rows.reduce((n, r) => n + r.overdue, 0)).toBe(1);
    await extendCampaign({ access: registrar, input: { campaignId, closesAt: new Date(Date.now() + 86400e3).toISOString() } });
    expect((await confirmTask({ access: a.access, input: { taskId: task.taskId } })).duplicate).toBe(false);
    await closeCampaign({ access: registrar, input: { campaignId } });
    await expect(
      extendCampaign({ access: registrar, input: { campaignId, closesAt: new Date(Date.now() + 9 * 86400e3).toISOString() } }),
    ).rejects.toMatchObject({ userMessage: 'campaigns.errors.closed' });
  });
});

describe('corrections', () => {
  it('applies a self-service change at once, audited, as a new version', async () => {
    const a = await verifiedStudent(deptA);
    const [before] = await t.db.query<{ verified_version_id: string }>('select verified_version_id from public.identity_records where id = $1', [a.recordId]);
    const res = await requestCorrection({ access: a.access, input: { changes: { phone: '13900001111' }, reason: '换号了' } });
    expect(res).toEqual({ selfServiceApplied: ['phone'], requestId: null, updatedExisting: false });
    const [after] = await t.db.query<{ verified_version_id: string; phone: string; source: string }>(
      `select r.verified_version_id, v.phone, v.source from public.identity_records r join public.identity_versions v on v.id = r.verified_version_id where r.id = $1`,
      [a.recordId],
    );
    expect(after).toMatchObject({ phone: '+8613900001111', source: 'self_service' });
    expect(after!.verified_version_id).not.toBe(before!.verified_version_id);
    const [old] = await t.db.query<{ phone: string }>('select phone from public.identity_versions where id = $1', [before!.verified_version_id]);
    expect(old!.phone).toBe('+8613812345678');
    expect(await t.db.query(`select 1 from public.audit_events where action = 'identity.self_service_change' and entity_id = $1`, [a.recordId])).toHaveLength(
      1,
    );
  });

  it('never changes a locked field, through the verb or a crafted request', async () => {
    const a = await verifiedStudent(deptA);
    const crafted: Record<string, string>[] = [
      { studentNumber: 'X1234567' },
      { department: 'FL' },
      { phone: '13900002222', cohort: '2020' },
      { notAField: 'x' },
    ];
    for (const changes of crafted) {
      await expect(requestCorrection({ access: a.access, input: { changes, reason: 'x' } })).rejects.toMatchObject({
        code: 'forbidden',
        userMessage: 'corrections.errors.locked',
      });
    }
    const [rec] = await t.db.query<{ verified_version_id: string }>('select verified_version_id from public.identity_records where id = $1', [a.recordId]);
    // Crafted: the student's own SQL (as RLS sees it) cannot touch the roster or verify anything.
    await withRls(a.access.ctx, async (tx) => {
      expect(await tx.query(`update public.students set student_number = 'X7654321' where id = $1 returning id`, [a.studentId])).toEqual([]);
      expect(await tx.query(`update public.identity_records set verified_version_id = current_version_id where id = $1 returning id`, [a.recordId])).toEqual(
        [],
      );
    });
    await expect(
      withRls(a.access.ctx, (tx) =>
        tx.query(
          `insert into public.identity_versions (record_id, student_id, seq, idempotency_key, source, legal_name, sex, birth_date, ethnicity, id_type, id_number_enc, id_number_bidx, id_number_mask, phone, email, submitted_by)
       select record_id, student_id, 99, gen_random_uuid(), 'correction', '改名', sex, birth_date, ethnicity, id_type, id_number_enc, id_number_bidx, id_number_mask, phone, email, $2
       from public.identity_versions where id = $1`,
          [rec!.verified_version_id, a.userId],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    // A self-service version that sneaks in a name change is refused by the definer function.
    await expect(
      withRls(a.access.ctx, async (tx) => {
        const [v] = await tx.query<{ id: string }>(
          `insert into public.identity_versions (record_id, student_id, seq, idempotency_key, source, legal_name, sex, birth_date, ethnicity, id_type, id_number_enc, id_number_bidx, id_number_mask, phone, email, submitted_by)
         select record_id, student_id, 98, gen_random_uuid(), 'self_service', '改名', sex, birth_date, ethnicity, id_type, id_number_enc, id_number_bidx, id_number_mask, phone, email, $2
         from public.identity_versions where id = $1 returning id`,
          [rec!.verified_version_id, a.userId],
        );
        await tx.query('select app.apply_self_service($1)', [v!.id]);
      }),
    ).rejects.toMatchObject({ code: '42501' });
    const [still] = await t.db.query<{ student_number: string; legal_name: string }>(
      `select s.student_number, v.legal_name from public.students s join public.identity_records r on r.student_id = s.id join public.identity_versions v on v.id = r.verified_version_id where s.id = $1`,
      [a.studentId],
    );
    expect(still!.legal_name).toBe('迪丽努尔·艾买提');
    expect(still!.student_number).not.toBe('X7654321');
  });

  it('turns an approval field into one pending request with evidence; approval makes a new version and keeps the old', async () => {
    const a = await verifiedStudent(deptA);
    const { campaignId } = await openedCampaign({ departmentIds: [deptA.id] });
    const task = (await getMyTask({ access: a.access }))!;
    expect(task.campaignId).toBe(campaignId);
    await expect(
      requestCorrection({ access: a.access, input: { changes: { legalName: '迪丽努尔·艾买提江' }, reason: '户口本已更名', taskId: task.taskId } }),
    ).rejects.toMatchObject({ userMessage: 'corrections.errors.evidenceRequired' });
    const evidence = await makeReadyPhoto(t.db, a.studentId, a.userId, 'evidence');
    const first = await requestCorrection({
      access: a.access,
      input: { changes: { legalName: '迪丽努尔·艾买提江' }, reason: '户口本已更名', evidenceDocumentIds: [evidence], taskId: task.taskId },
    });
    const second = await requestCorrection({
      access: a.access,
      input: { changes: { legalName: '迪丽努尔·艾买提汗' }, reason: '写错了，应为“汗”', evidenceDocumentIds: [evidence], taskId: task.taskId },
    });
    expect(second).toMatchObject({ requestId: first.requestId, updatedExisting: true });
    const pending = await t.db.query<{ id: string; changes: unknown; revision: number }>(
      `select id, changes, revision from public.correction_requests where student_id = $1`,
      [a.studentId],
    );
    expect(pending).toHaveLength(1);
    expect(pending[0]!.changes).toEqual({ legalName: { from: '迪丽努尔·艾买提', to: '迪丽努尔·艾买提汗' } });
    expect((await getMyTask({ access: a.access }))!.status).toBe('correction_pending');

    await expect(
      decideCorrection({ access: reviewerB, input: { decision: 'approve', requestId: first.requestId!, revision: pending[0]!.revision } }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const [oldRec] = await t.db.query<{ verified_version_id: string }>('select verified_version_id from public.identity_records where id = $1', [a.recordId]);
    const res = await decideCorrection({ access: reviewerA, input: { decision: 'approve', requestId: first.requestId!, revision: pending[0]!.revision } });
    expect(res.status).toBe('approved');
    const [newV] = await t.db.query<{ legal_name: string; source: string }>('select legal_name, source from public.identity_versions where id = $1', [
      res.versionId,
    ]);
    expect(newV).toEqual({ legal_name: '迪丽努尔·艾买提汗', source: 'correction' });
    const [oldV] = await t.db.query<{ legal_name: string }>('select legal_name from public.identity_versions where id = $1', [oldRec!.verified_version_id]);
    expect(oldV!.legal_name).toBe('迪丽努尔·艾买提');
    expect((await getMyTask({ access: a.access }))!.status).toBe('confirmed');
    const notes = await withRls(a.access.ctx, (tx) => tx.query<{ kind: string; params: { outcome: string } }>('select kind, params from public.notifications'));
    expect(notes).toEqual([{ kind: 'correction_outcome', params: expect.objectContaining({ outcome: 'approve' }) }]);
    expect(await t.db.query(`select 1 from public.audit_events where action = 'correction.approve' and entity_id = $1`, [first.requestId])).toHaveLength(1);
  });
});

describe('reminders and the dashboard', () => {
  it('reminds a department’s unfinished students once per action, e-mails them over SMTP, and counts match', async () => {
    const students = await Promise.all([verifiedStudent(deptB, 2032), verifiedStudent(deptB, 2032), verifiedStudent(deptB, 2032)]);
    const { campaignId, tasks } = await openedCampaign({ departmentIds: [deptB.id], cohorts: [2032] });
    expect(tasks).toBe(3);
    const done = (await getMyTask({ access: students[0]!.access }))!;
    await openAll(students[0]!.access, done.taskId);
    await confirmTask({ access: students[0]!.access, input: { taskId: done.taskId } });
    await openSection({ access: students[1]!.access, input: { taskId: (await getMyTask({ access: students[1]!.access }))!.taskId, section: 'contact' } });

    await expect(sendReminders({ access: reviewerA, input: { campaignId, departmentId: deptB.id, idempotencyKey: randomUUID() } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const key = randomUUID();
    expect(await sendReminders({ access: reviewerB, input: { campaignId, departmentId: deptB.id, idempotencyKey: key } })).toEqual({
      recipients: 2,
      inApp: 2,
      roster: 0,
      unreachable: 0,
      duplicate: false,
    });
    expect(await sendReminders({ access: reviewerB, input: { campaignId, departmentId: deptB.id, idempotencyKey: key } })).toEqual({
      recipients: 2,
      inApp: 2,
      roster: 0,
      unreachable: 0,
      duplicate: true,
    });
    expect(await t.db.query(`select 1 from public.notifications where kind = 'reminder'`)).toHaveLength(2);

    const sink = await startSmtpSink();
    try {
      const out = await deliverQueued(new SmtpChannel(sink.url, 'Campus ID Verify <no-reply@example.edu.cn>'));
      expect(out.failed).toBe(0);
      expect(sink.mails).toHaveLength(out.sent);
      const reminded = [students[1]!, students[2]!].map((s) => `<${s.userId.slice(0, 8)}@stu.example.edu.cn>`);
      for (const to of reminded) expect(sink.mails.filter((m) => m.to.includes(to))).toHaveLength(1);
      expect(sink.mails.some((m) => m.to.includes(`<${students[0]!.userId.slice(0, 8)}@stu.example.edu.cn>`))).toBe(false);
      expect(sink.mails[0]!.data).toContain('Subject:');
      expect((await deliverQueued(new SmtpChannel(sink.url, 'x <x@example.edu.cn>'))).sent).toBe(0);
    } finally {
      await sink.close();
    }

    const dash = await campaignDashboard({ access: reviewerB, input: { campaignId } });
    expect(dash.rows).toEqual([
      expect.objectContaining({ departmentId: deptB.id, cohort: 2032, total: 3, confirmed: 1, inProgress: 1, notStarted: 1, correctionPending: 0, overdue: 0 }),
    ]);
    expect(dash.series.at(-1)!.confirmed).toBe(1);
    expect((await campaignDashboard({ access: reviewerA, input: { campaignId } })).rows).toEqual([]);
    const csv = await exportUnfinished({ access: reviewerB, input: { campaignId } });
    expect(csv.trim().split('\r\n')).toHaveLength(3);
  });
});

describe('listCorrections / getCorrection', () => {
  it("a reviewer lists and opens their department's pending requests only; the registrar sees all", async () => {
    const a = await verifiedStudent(deptA);
    const evidence = await makeReadyPhoto(t.db, a.studentId, a.userId, 'evidence');
    const { requestId } = await requestCorrection({
      access: a.access,
      input: { changes: { legalName: '阿依古丽·买买提' }, reason: '户口本已更名', evidenceDocumentIds: [evidence] },
    });
    expect(requestId).toBeTruthy();

    const listedA = await listCorrections({ access: reviewerA });
    expect(listedA.find((r) => r.id === requestId)).toMatchObject({ status: 'pending', fields: ['legalName'], cohort: 2025 });
    expect((await listCorrections({ access: reviewerB })).map((r) => r.id)).not.toContain(requestId);
    expect((await listCorrections({ access: registrar })).map((r) => r.id)).toContain(requestId);
    expect((await listCorrections({ access: reviewerA, input: { view: 'decided' } })).map((r) => r.id)).not.toContain(requestId);

    const detail = await getCorrection({ access: reviewerA, input: { requestId: requestId! } });
    expect(detail).toMatchObject({ id: requestId, status: 'pending', reason: '户口本已更名', evidenceDocumentIds: [evidence], decision: null });
    expect(detail.changes.legalName).toEqual({ from: '迪丽努尔·艾买提', to: '阿依古丽·买买提' });

    await expect(getCorrection({ access: reviewerB, input: { requestId: requestId! } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(getCorrection({ access: a.access, input: { requestId: requestId! } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listCorrections({ access: a.access })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
