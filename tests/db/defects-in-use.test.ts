/** Issue 8 item 7: defects found in use, each proven through the real verbs. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { createCampaign } from '../../lib/server/campaigns/create-campaign';
import { campaignDashboard } from '../../lib/server/campaigns/dashboard';
import { openCampaign } from '../../lib/server/campaigns/lifecycle';
import { getMyTask } from '../../lib/server/campaigns/my-task';
import { reminderReach } from '../../lib/server/campaigns/reminder-reach';
import { sendReminders } from '../../lib/server/campaigns/send-reminders';
import { EmailChannel } from '../../lib/server/notify/channels';
import { decideCorrection } from '../../lib/server/corrections/decide-correction';
import { requestCorrection } from '../../lib/server/corrections/request-correction';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { decideReview } from '../../lib/server/reviews/decide';
import { listStudents } from '../../lib/server/roster/list-students';
import { withRls } from '../../lib/server/db/rls';
import { freshDb, type TestDb } from '../helpers/db';
import { startSmtpSink } from '../helpers/smtp-sink';
import { makeOfficeWithGrant } from '../helpers/sharing';
import { grant, makeDepartment, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

let t: TestDb;
let dept: { id: string };
let registrar: Access, reviewer: Access;

async function student(opts: { verify?: boolean; name?: string; dept?: { id: string }; reviewer?: Access } = {}) {
  const u = await makeUser(t.db, { name: opts.name ?? '张明' });
  const s = await makeStudent(t.db, (opts.dept ?? dept).id, { userId: u.id, name: opts.name ?? '张明', cohort: 2031 });
  const access = (await loadAccess(u.ctx))!;
  await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  for (const kind of ['id_front', 'id_back']) await makeReadyPhoto(t.db, s.id, u.id, kind);
  if (opts.verify !== false) {
    await submitIdentity({ access, input: { form: validForm({ legalName: opts.name ?? '张明' }), idempotencyKey: randomUUID() } });
    const [rec] = await t.db.query<{ id: string; revision: number }>('select id, revision from public.identity_records where student_id = $1', [s.id]);
    await decideReview({ access: opts.reviewer ?? reviewer, input: { decision: 'verify', recordId: rec!.id, revision: rec!.revision } });
  }
  return { access, studentId: s.id, userId: u.id, studentNumber: s.studentNumber };
}

async function openedCampaign(departmentId: string) {
  const { campaignId } = await createCampaign({
    access: registrar,
    input: {
      name: '缺陷回归',
      semester: '2026 秋',
      opensAt: new Date(Date.now() - 3600e3).toISOString(),
      closesAt: new Date(Date.now() + 86400e3).toISOString(),
      departmentIds: [departmentId],
    },
  });
  await openCampaign({ access: registrar, input: { campaignId } });
  return campaignId;
}

beforeAll(async () => {
  t = await freshDb();
  dept = await makeDepartment(t.db);
  registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
  reviewer = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: dept.id })).ctx))!;
});
afterAll(async () => t?.cleanup());

describe('an approved correction updates the roster and the offices', () => {
  it('the roster says 张明明 after 张明 → 张明明 was approved; a correction of another field leaves the roster name alone', async () => {
    const office = await makeOfficeWithGrant(t.db, ['student_number', 'name']);
    const officeUser = await makeUser(t.db);
    await grant(t.db, officeUser.id, 'office', { officeCode: office.code });
    const a = await student({ name: '张明' });
    const evidence = await makeReadyPhoto(t.db, a.studentId, a.userId, 'evidence');
    const { requestId } = await requestCorrection({
      access: a.access,
      input: { changes: { legalName: '张明明' }, reason: '户口本已更名', evidenceDocumentIds: [evidence] },
    });
    const [req] = await t.db.query<{ revision: number }>('select revision from public.correction_requests where id = $1', [requestId]);
    await decideCorrection({ access: reviewer, input: { decision: 'approve', requestId: requestId!, revision: req!.revision } });

    const roster = await listStudents({ access: registrar, query: a.studentNumber });
    expect(roster.map((r) => r.name)).toEqual(['张明明']);
    const shared = await withRls(officeUser.ctx, (tx) =>
      tx.query<{ name: string }>('select name from public.office_students where student_id = $1', [a.studentId]),
    );
    expect(shared).toEqual([{ name: '张明明' }]);

    // The registrar's own roster edit of the name is not overwritten by a later non-name correction.
    await t.db.query(`update public.students set name = '张明明（登记）' where id = $1`, [a.studentId]);
    const ev2 = await makeReadyPhoto(t.db, a.studentId, a.userId, 'evidence');
    const r2 = await requestCorrection({ access: a.access, input: { changes: { ethnicity: '01' }, reason: '民族有误', evidenceDocumentIds: [ev2] } });
    const [req2] = await t.db.query<{ revision: number }>('select revision from public.correction_requests where id = $1', [r2.requestId]);
    await decideCorrection({ access: reviewer, input: { decision: 'approve', requestId: r2.requestId!, revision: req2!.revision } });
    expect((await listStudents({ access: registrar, query: a.studentNumber })).map((r) => r.name)).toEqual(['张明明（登记）']);
  });
});

describe('campaign tasks of students who cannot act yet', () => {
  it('the task says what to do first, and the dashboard counts them apart', async () => {
    const d = await makeDepartment(t.db);
    const rev = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: d.id })).ctx))!;
    const verified = await student({ name: '李雷', dept: d, reviewer: rev });
    const draft = await student({ verify: false, name: '韩梅梅', dept: d, reviewer: rev });
    const campaignId = await openedCampaign(d.id);

    expect((await getMyTask({ access: verified.access }))!.firstStep).toBeNull();
    expect((await getMyTask({ access: draft.access }))!.firstStep).toBe('submit_identity');

    const dash = await campaignDashboard({ access: registrar, input: { campaignId } });
    const row = dash.rows.find((r) => r.cohort === 2031)!;
    expect(row).toMatchObject({ total: 2, notStarted: 1, inProgress: 0, awaitingVerification: 1 });

    // Submitted, not yet reviewed: wait; returned: change the returned items.
    await submitIdentity({ access: draft.access, input: { form: validForm({ legalName: '韩梅梅' }), idempotencyKey: randomUUID() } });
    expect((await getMyTask({ access: draft.access }))!.firstStep).toBe('await_review');
    const [rec] = await t.db.query<{ id: string; revision: number }>('select id, revision from public.identity_records where student_id = $1', [
      draft.studentId,
    ]);
    await decideReview({
      access: rev,
      input: { decision: 'return', recordId: rec!.id, revision: rec!.revision, reasons: [{ target: 'field:phone', code: 'contact_invalid' }] },
    });
    expect((await getMyTask({ access: draft.access }))!.firstStep).toBe('fix_returned');
  });
});

describe('reminders record only the students they reached, and reach those who never signed in', () => {
  it('a signed-in student gets the in-app notice; one who never signed in gets the roster e-mail; one with no address is listed unreachable', async () => {
    const d2 = await makeDepartment(t.db);
    const rev2 = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: d2.id })).ctx))!;
    const withAccount = await makeUser(t.db);
    const reached = await makeStudent(t.db, d2.id, { userId: withAccount.id });
    const neverSignedIn = await makeStudent(t.db, d2.id, { name: '从未登录' });
    await t.db.query(`update public.students set email = 'never@stu.example.edu.cn' where id = $1`, [neverSignedIn.id]);
    const noAddress = await makeStudent(t.db, d2.id);
    const { campaignId } = await createCampaign({
      access: registrar,
      input: {
        name: '提醒',
        semester: '2026 秋',
        opensAt: new Date(Date.now() - 3600e3).toISOString(),
        closesAt: new Date(Date.now() + 86400e3).toISOString(),
        departmentIds: [d2.id],
      },
    });
    await openCampaign({ access: registrar, input: { campaignId } });
    const sink = await startSmtpSink();
    try {
      const channels = [new EmailChannel(sink.url, 'Campus ID Verify <no-reply@example.edu.cn>')];
      // Noon in Beijing: outside the default quiet hours.
      const now = new Date('2026-12-02T04:00:00Z');
      const key = randomUUID();
      const r = await sendReminders({ access: rev2, input: { campaignId, departmentId: d2.id, idempotencyKey: key }, now, channels });
      expect(r).toEqual({ recipients: 2, inApp: 1, roster: 1, unreachable: 1, duplicate: false });
      expect(sink.mails.filter((m) => m.to.join().includes('never@stu.example.edu.cn'))).toHaveLength(1);
      // A retried post of the same batch sends nothing again and answers the same.
      const again = await sendReminders({ access: rev2, input: { campaignId, departmentId: d2.id, idempotencyKey: key }, now, channels });
      expect(again).toEqual({ ...r, duplicate: true });
      expect(sink.mails.filter((m) => m.to.join().includes('never@stu.example.edu.cn'))).toHaveLength(1);
    } finally {
      await sink.close();
    }
    const tasks = await t.db.query<{ student_id: string; reminded: boolean }>(
      'select student_id, last_reminded_at is not null as reminded from public.confirmation_tasks where campaign_id = $1',
      [campaignId],
    );
    expect(Object.fromEntries(tasks.map((x) => [x.student_id, x.reminded]))).toEqual({
      [reached.id]: true,
      [neverSignedIn.id]: true,
      [noAddress.id]: false,
    });
    // The campaign page's reach panel lists who was reached by which channel and who was not.
    const reach = await reminderReach({ access: rev2, input: { campaignId } });
    expect(reach.byChannel).toEqual([{ channel: 'email', students: 1 }]);
    expect(reach.unreachable.map((u) => u.student_number)).toEqual([noAddress.studentNumber]);
  });

  it('a reviewer cannot queue roster reminders for another department’s students, even in SQL', async () => {
    const d3 = await makeDepartment(t.db);
    const other = await makeStudent(t.db, d3.id);
    const { campaignId } = await createCampaign({
      access: registrar,
      input: {
        name: '别的学院',
        semester: '2026 秋',
        opensAt: new Date(Date.now() - 3600e3).toISOString(),
        closesAt: new Date(Date.now() + 86400e3).toISOString(),
        departmentIds: [d3.id],
      },
    });
    await expect(
      withRls(reviewer.ctx, (tx) =>
        tx.query(`insert into public.reminder_log (campaign_id, student_id, reminder_key, source, requested_by) values ($1, $2, $3, 'staff', $4)`, [
          campaignId,
          other.id,
          `staff:${randomUUID()}`,
          reviewer.user.id,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
