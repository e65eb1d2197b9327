import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../lib/identity/notice';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { listMyClasses } from '../../lib/server/counsellor/list-my-classes';
import { remindClass } from '../../lib/server/counsellor/remind-class';
import { withRls, type Ctx } from '../../lib/server/db/rls';
import { acceptNotice } from '../../lib/server/identity/accept-notice';
import { submitIdentity } from '../../lib/server/identity/submit';
import { EmailChannel } from '../../lib/server/notify/channels';
import { inQuietHours, runScheduledReminders } from '../../lib/server/notify/reminders';
import { decideReview } from '../../lib/server/reviews/decide';
import { freshDb, type TestDb } from '../helpers/db';
import { startSmtpSink } from '../helpers/smtp-sink';
import { makeDepartment, makeReadyPhoto, makeStaff, makeStudent, makeUser, validForm } from '../factories';

let t: TestDb;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let email: EmailChannel;
let dept: { id: string };
let counsellor: { id: string; ctx: Ctx }, counsellorAccess: Access;
let inClassSubmitted: { studentId: string }, neverSignedIn: { id: string }, otherClass: { id: string };
let campaignId: string;
const CLASS = `计科${randomUUID().slice(0, 4)}`;
const OTHER = `外语${randomUUID().slice(0, 4)}`;
// 10:00 in Beijing, outside the default quiet hours (22-8).
const DAYTIME = new Date('2031-03-10T02:00:00Z');

beforeAll(async () => {
  t = await freshDb();
  sink = await startSmtpSink();
  email = new EmailChannel(sink.url, 'test <no-reply@test>');
  dept = await makeDepartment(t.db);
  // A student in the class who submitted through the real verbs: the record holds an ID number.
  const u = await makeUser(t.db, { name: '班内学生' });
  const s = await makeStudent(t.db, dept.id, { userId: u.id });
  const access = (await loadAccess(u.ctx))!;
  await acceptNotice({ access, input: { version: NOTICE_VERSION } });
  for (const kind of ['id_front', 'id_back']) await makeReadyPhoto(t.db, s.id, u.id, kind);
  await submitIdentity({ access, input: { form: validForm(), idempotencyKey: randomUUID() } });
  inClassSubmitted = { studentId: s.id };
  neverSignedIn = await makeStudent(t.db, dept.id, { name: '未登录学生' });
  otherClass = await makeStudent(t.db, dept.id, { name: '别班学生' });
  await t.db.query(`update public.students set class_name = $2 where id = any($1::uuid[])`, [[s.id, neverSignedIn.id], CLASS]);
  await t.db.query(`update public.students set class_name = $2, email = 'other@stu.example.edu.cn' where id = $1`, [otherClass.id, OTHER]);
  await t.db.query(`update public.students set email = 'never@stu.example.edu.cn', phone = '13800000000' where id = $1`, [neverSignedIn.id]);
  const reg = await makeStaff(t.db, 'registrar');
  const [c] = await t.db.query<{ id: string }>(
    `insert into public.campaigns (name, semester, opens_at, closes_at, status, created_by, reminder_offsets)
     values ('2031春季确认', '2031春', '2031-03-01T00:00:00Z', '2031-03-15T00:00:00Z', 'open', $1, '{7,3,1}') returning id`,
    [reg.id],
  );
  campaignId = c!.id;
  await t.db.query(
    `insert into public.confirmation_tasks (campaign_id, student_id, department_id, cohort)
     select $1, id, department_id, cohort from public.students where id = any($2::uuid[])`,
    [campaignId, [s.id, neverSignedIn.id, otherClass.id]],
  );
  counsellor = await makeUser(t.db, { name: '辅导员' });
  await t.db.query(`insert into public.staff_roles (user_id, role, class_name) values ($1, 'counsellor', $2)`, [counsellor.id, CLASS]);
  counsellorAccess = (await loadAccess(counsellor.ctx))!;
});

afterAll(async () => {
  await sink?.close();
  await t?.cleanup();
});

describe(`counsellors on ${process.env.TEST_PG_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('sees only the students of their classes, as a non-superuser role', async () => {
    const rows = await withRls(counsellor.ctx, async (tx) => {
      const [me] = await tx.query<{ rolsuper: boolean; rolbypassrls: boolean }>('select rolsuper, rolbypassrls from pg_roles where rolname = current_user');
      expect(me).toEqual({ rolsuper: false, rolbypassrls: false });
      return tx.query<{ id: string }>('select id from public.students order by id');
    });
    expect(rows.map((r) => r.id).sort()).toEqual([inClassSubmitted.studentId, neverSignedIn.id].sort());
    const tasks = await withRls(counsellor.ctx, (tx) => tx.query<{ student_id: string }>('select student_id from public.confirmation_tasks'));
    expect(tasks.map((r) => r.student_id)).not.toContain(otherClass.id);
    expect(tasks).toHaveLength(2);
  });

  it('never sees an ID number: no rows of records, versions or registrar records, and the state function has no data columns', async () => {
    const [asSuper] = await t.db.query<{ n: number }>('select count(*)::int as n from public.identity_versions where student_id = $1', [
      inClassSubmitted.studentId,
    ]);
    expect(asSuper!.n).toBe(1);
    await withRls(counsellor.ctx, async (tx) => {
      expect(await tx.query('select * from public.identity_versions')).toHaveLength(0);
      expect(await tx.query('select * from public.identity_records')).toHaveLength(0);
      expect(await tx.query('select * from public.registrar_records')).toHaveLength(0);
      const states = await tx.query<Record<string, unknown>>('select * from app.class_record_states()');
      expect(states).toHaveLength(1);
      expect(Object.keys(states[0]!).sort()).toEqual(['return_count', 'state', 'student_id', 'submitted_at']);
    });
    const view = await listMyClasses({ access: counsellorAccess });
    expect(JSON.stringify(view)).not.toMatch(/id_number|idNumber|\d{17}[\dX]/);
    const cls = view.classes.find((c) => c.name === CLASS)!;
    expect(cls.students.map((s) => s.status).sort()).toEqual(['not_submitted', 'submitted']);
    expect(cls.students.find((s) => s.id === neverSignedIn.id)).toMatchObject({ email: 'never@stu.example.edu.cn', phone: '13800000000', signedIn: false });
  });

  it('cannot verify: the decision verb refuses and a direct update changes no row', async () => {
    await expect(decideReview({ access: counsellorAccess, input: { decision: 'verify', recordId: randomUUID(), revision: 0 } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const updated = await withRls(counsellor.ctx, (tx) =>
      tx.query(`update public.identity_records set state = 'verified' where student_id = $1 returning id`, [inClassSubmitted.studentId]),
    );
    expect(updated).toHaveLength(0);
    const [r] = await t.db.query<{ state: string }>('select state from public.identity_records where student_id = $1', [inClassSubmitted.studentId]);
    expect(r!.state).toBe('submitted');
  });

  it('cannot queue a reminder for a student outside their classes', async () => {
    const err = await withRls(counsellor.ctx, (tx) =>
      tx.query(
        `insert into public.reminder_log (campaign_id, student_id, reminder_key, source, requested_by) values ($1, $2, 'counsellor:2031-03-10', 'counsellor', $3)`,
        [campaignId, otherClass.id, counsellor.id],
      ),
    ).then(
      () => 'ok',
      (e: { code?: string }) => e.code,
    );
    expect(err).toBe('42501');
  });

  it('一键催办 reaches a never-signed-in student through the roster e-mail over a real SMTP socket, once per day', async () => {
    const before = sink.mails.length;
    const first = await remindClass({ access: counsellorAccess, input: { className: CLASS }, now: DAYTIME, channels: [email] });
    expect(first.queued).toBe(2);
    expect(first.sent).toBe(1); // the signed-in student has no e-mail anywhere in this test
    expect(first.unreachable).toBe(1);
    const mails = sink.mails.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to.join()).toContain('never@stu.example.edu.cn');
    expect(mails[0]!.data).toContain('2031');
    const again = await remindClass({ access: counsellorAccess, input: { className: CLASS }, now: new Date(DAYTIME.getTime() + 3600_000), channels: [email] });
    expect(again.queued).toBe(0);
    expect(sink.mails.length).toBe(before + 1);
    const log = await t.db.query<{ student_id: string; status: string; channels: string[] }>(
      `select student_id, status, channels from public.reminder_log where campaign_id = $1 and source = 'counsellor'`,
      [campaignId],
    );
    expect(log.find((l) => l.student_id === neverSignedIn.id)).toMatchObject({ status: 'sent', channels: ['email'] });
    expect(log.find((l) => l.student_id === inClassSubmitted.studentId)).toMatchObject({ status: 'unreachable' });
  });

  it('refuses a class that is not granted', async () => {
    await expect(remindClass({ access: counsellorAccess, input: { className: OTHER }, now: DAYTIME, channels: [email] })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('scheduled reminders', () => {
  it('defer in quiet hours (23:00 Beijing) and send nothing', async () => {
    const night = new Date('2031-03-12T15:00:00Z');
    expect(inQuietHours(night)).toBe(true);
    const before = sink.mails.length;
    const r = await runScheduledReminders({ now: night, channels: [email] });
    expect(r).toMatchObject({ deferred: true, queued: 0, sent: 0 });
    expect(sink.mails.length).toBe(before);
  });

  it('fire once each: the 3-day offset queues every pending student once, a second run with the same now queues nothing', async () => {
    const threeDaysBefore = new Date('2031-03-12T02:00:00Z'); // 10:00 Beijing, 2 days 22 h before the deadline
    const before = sink.mails.length;
    const first = await runScheduledReminders({ now: threeDaysBefore, channels: [email] });
    expect(first.queued).toBe(3);
    expect(first.sent).toBe(2); // never-signed-in and the other class's student have roster e-mails
    const second = await runScheduledReminders({ now: threeDaysBefore, channels: [email] });
    expect(second.queued).toBe(0);
    expect(second.sent).toBe(0);
    expect(sink.mails.length).toBe(before + 2);
    const keys = await t.db.query<{ reminder_key: string; n: number }>(
      `select reminder_key, count(*)::int as n from public.reminder_log where campaign_id = $1 and source = 'schedule' group by 1`,
      [campaignId],
    );
    expect(keys).toEqual([{ reminder_key: 'offset:3', n: 3 }]);
  });
});

describe('the dashboard view of reach', () => {
  it('shows who was reached by which channel and who cannot be reached', async () => {
    const { reminderReach } = await import('../../lib/server/campaigns/reminder-reach');
    const reg = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
    const r = await reminderReach({ access: reg, input: { campaignId } });
    expect(r.byChannel).toEqual([{ channel: 'email', students: 2 }]);
    expect(r.unreachable.map((s) => s.name)).toEqual(['测试学生']); // the signed-in student with no e-mail anywhere
  });
});

describe('gateway channels', () => {
  it('send SMS through the HTTP gateway with the bearer token (a real local receiver)', async () => {
    const http = await import('node:http');
    const { HttpGatewayChannel } = await import('../../lib/server/notify/channels');
    const got: { auth?: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ auth: req.headers.authorization, body });
        res.statusCode = req.headers.authorization === 'Bearer sms-token-1' ? 200 : 401;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const sms = new HttpGatewayChannel('sms', `http://127.0.0.1:${port}/send`, 'sms-token-1');
      expect(sms.addressOf({ studentNumber: 'S1', name: 'x', email: null, phone: '13800000000' })).toBe('13800000000');
      await sms.send('13800000000', { subject: 's', text: '请确认' });
      expect(JSON.parse(got[0]!.body)).toMatchObject({ channel: 'sms', to: '13800000000', text: '请确认' });
      const bad = new HttpGatewayChannel('wecom', `http://127.0.0.1:${port}/send`, 'wrong-token');
      await expect(bad.send('S1', { subject: 's', text: 't' })).rejects.toThrow(/401/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('reminder offsets on the campaign', () => {
  it('the registrar sets them; a reviewer may not', async () => {
    const { setReminderOffsets } = await import('../../lib/server/campaigns/set-reminder-offsets');
    const reg = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
    expect(await setReminderOffsets({ access: reg, input: { campaignId, offsets: ['1', '5', '5', '10'] } })).toEqual({ offsets: [10, 5, 1] });
    await expect(setReminderOffsets({ access: reg, input: { campaignId, offsets: ['99'] } })).rejects.toMatchObject({ code: 'invalid_input' });
    const rev = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: dept.id })).ctx))!;
    await expect(setReminderOffsets({ access: rev, input: { campaignId, offsets: ['1'] } })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
