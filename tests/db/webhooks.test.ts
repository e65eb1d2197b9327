import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { withRls, type Ctx } from '../../lib/server/db/rls';
import { createWebhookEndpoint } from '../../lib/server/webhooks/create-endpoint';
import { deliverWebhook } from '../../lib/server/webhooks/internal/deliver';
import { isForbiddenAddress, resolveTarget } from '../../lib/server/webhooks/internal/url-policy';
import { listDisabledWebhooks, listWebhooks } from '../../lib/server/webhooks/list-webhooks';
import notifyDisabled from '../../lib/server/webhooks/notify-disabled-task';
import { resendWebhookDelivery } from '../../lib/server/webhooks/resend-delivery';
import { rotateWebhookSecret } from '../../lib/server/webhooks/rotate-secret';
import { setWebhookEndpointEnabled } from '../../lib/server/webhooks/set-endpoint-enabled';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeOfficeWithGrant, makeVerifiedStudent } from '../helpers/sharing';
import { startSmtpSink } from '../helpers/smtp-sink';
import { makeDepartment, makeStaff, makeUser } from '../factories';

process.env.WEBHOOK_MAX_FAILURES = '3';
process.env.WEBHOOK_RETRY_BASE_SECONDS = '0.05';
process.env.WEBHOOK_RETRY_MAX_SECONDS = '1';
process.env.WEBHOOK_TIMEOUT_MS = '2000';

let t: TestDb;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let admin: { id: string; ctx: Ctx };
let adminAccess: Access;
let officeA: { id: string; code: string }, officeB: { id: string; code: string };
let readerA: { id: string; ctx: Ctx }, student: { id: string; ctx: Ctx };
let endpointA: string, endpointB: string;
let status = 500;
let lastBody = '';
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    lastBody = Buffer.concat(chunks).toString('utf8');
    res.writeHead(status).end();
  });
});
let url = '';

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  t = await freshDb();
  const dept = await makeDepartment(t.db);
  officeA = await makeOfficeWithGrant(t.db, ['student_number', 'name']);
  officeB = await makeOfficeWithGrant(t.db, ['student_number']);
  admin = await makeStaff(t.db, 'admin');
  await t.db.query(`update public.app_users set email = 'admin@example.edu.cn' where id = $1`, [admin.id]);
  adminAccess = (await loadAccess(admin.ctx))!;
  readerA = await makeStaff(t.db, 'office', { officeCode: officeA.code });
  student = await makeUser(t.db);
  endpointA = (await createWebhookEndpoint({ access: adminAccess, input: { officeId: officeA.id, url, events: ['student.verified'] } })).endpointId;
  endpointB = (await createWebhookEndpoint({ access: adminAccess, input: { officeId: officeB.id, url, events: ['student.verified'] } })).endpointId;
  // Rows in every table: one verified student gives each office one delivery; one attempt each.
  await makeVerifiedStudent(t.db, dept.id);
  const ds = await t.db.query<{ id: string }>('select id from public.webhook_deliveries');
  for (const d of ds) await deliverWebhook(d.id, 'test');
}, 120_000);

afterAll(async () => {
  await new Promise((r) => receiver.close(r));
  await sink?.close();
  await t?.cleanup();
});

describe(`webhook tables under RLS on ${testEngine}`, () => {
  // Only the columns requests are granted (data, secrets and leases are not selectable).
  const granted: Record<string, string> = {
    webhook_endpoints: 'id, office_id, url, events, disabled_at',
    webhook_deliveries: 'id, office_id, status',
    webhook_attempts: '*',
  };
  const rows = (ctx: Ctx, table: string) => withRls(ctx, (tx) => tx.query<{ office_id?: string }>(`select ${granted[table]} from public.${table}`));
  const cols = 'id, office_id, url, events, disabled_at';

  it('admin reads every endpoint, delivery and attempt; an office reader only its own endpoints and deliveries; a student nothing', async () => {
    expect((await withRls(admin.ctx, (tx) => tx.query(`select ${cols} from public.webhook_endpoints`))).length).toBe(2);
    expect((await rows(admin.ctx, 'webhook_deliveries')).length).toBe(2);
    expect((await rows(admin.ctx, 'webhook_attempts')).length).toBe(2);
    const mine = await withRls(readerA.ctx, (tx) => tx.query<{ office_id: string }>(`select ${cols} from public.webhook_endpoints`));
    expect(mine.map((r) => r.office_id)).toEqual([officeA.id]);
    expect((await rows(readerA.ctx, 'webhook_deliveries')).map((r) => r.office_id)).toEqual([officeA.id]);
    expect(await rows(readerA.ctx, 'webhook_attempts')).toEqual([]);
    expect(await withRls(student.ctx, (tx) => tx.query(`select ${cols} from public.webhook_endpoints`))).toEqual([]);
    expect(await rows(student.ctx, 'webhook_deliveries')).toEqual([]);
    expect(await rows(student.ctx, 'webhook_attempts')).toEqual([]);
    for (const table of ['webhook_endpoints', 'webhook_deliveries', 'webhook_attempts']) {
      expect(await code(rows({ userId: null }, table))).toBe('42501');
    }
  });

  it('never lets a request read a secret, not even the admin', async () => {
    for (const col of ['secret_enc', 'previous_secret_enc']) {
      expect(await code(withRls(admin.ctx, (tx) => tx.query(`select ${col} from public.webhook_endpoints`)))).toBe('42501');
    }
    expect(await code(withRls(admin.ctx, (tx) => tx.query('select data, lease_token from public.webhook_deliveries')))).toBe('42501');
  });

  it('only an admin registers, changes or rotates an endpoint, and only as themself', async () => {
    const insert = (ctx: Ctx, createdBy: string) =>
      withRls(ctx, (tx) =>
        tx.query(`insert into public.webhook_endpoints (office_id, url, events, secret_enc, created_by) values ($1, $2, '{student.verified}', 'x', $3)`, [
          officeA.id,
          url,
          createdBy,
        ]),
      );
    expect(await code(insert(readerA.ctx, readerA.id))).toBe('42501');
    expect(await code(insert(admin.ctx, readerA.id))).toBe('42501');
    expect(await code(insert(admin.ctx, admin.id))).toBe('ok');
    const upd = (ctx: Ctx) =>
      withRls(ctx, (tx) => tx.query<{ id: string }>(`update public.webhook_endpoints set description = 'changed' where id = $1 returning id`, [endpointA]));
    expect(await upd(readerA.ctx)).toEqual([]);
    expect(await upd(admin.ctx)).toHaveLength(1);
    expect(await code(withRls(readerA.ctx, (tx) => tx.query(`select app.rotate_webhook_secret($1, 'x', 1)`, [endpointA])))).toBe('42501');
    const forbidden = await loadAccess(readerA.ctx);
    expect(await code(rotateWebhookSecret({ access: forbidden, input: { endpointId: endpointA } }))).toBe('forbidden');
    expect(await code(createWebhookEndpoint({ access: forbidden, input: { officeId: officeA.id, url, events: ['student.verified'] } }))).toBe('forbidden');
  });

  it('lets an admin put a delivery back to pending (resend) and nothing else', async () => {
    const [d] = await t.db.query<{ id: string }>('select id from public.webhook_deliveries where endpoint_id = $1', [endpointB]);
    const set = (ctx: Ctx, s: string) =>
      withRls(ctx, (tx) => tx.query<{ id: string }>(`update public.webhook_deliveries set status = $2 where id = $1 returning id`, [d!.id, s]));
    expect(await code(set(admin.ctx, 'succeeded'))).toBe('42501');
    expect(await set(readerA.ctx, 'pending')).toEqual([]);
    expect(await code(withRls(admin.ctx, (tx) => tx.query(`update public.webhook_deliveries set attempts = 0 where id = $1`, [d!.id])))).toBe('42501');
    expect(await set(admin.ctx, 'pending')).toHaveLength(1);
  });
});

describe(`webhook admin verbs on ${testEngine}`, () => {
  it('refuses bad input with field errors, never an internal error', async () => {
    for (const input of [
      { officeId: 'nope', url, events: ['student.verified'] },
      { officeId: officeA.id, url: 'ftp://example.edu.cn/x', events: ['student.verified'] },
      { officeId: officeA.id, url, events: [] },
      { officeId: officeA.id, url, events: ['student.deleted'] },
    ]) {
      expect(await code(createWebhookEndpoint({ access: adminAccess, input: input as never }))).toBe('invalid_input');
    }
    await expect(
      createWebhookEndpoint({ access: adminAccess, input: { officeId: officeA.id, url: 'http://no-such-host.invalid/x', events: ['student.verified'] } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      fieldErrors: { url: 'webhooks.errors.unresolvable' },
    });
    expect(await code(rotateWebhookSecret({ access: adminAccess, input: { endpointId: '00000000-0000-4000-8000-000000000000' } }))).toBe('not_found');
    expect(await code(resendWebhookDelivery({ access: adminAccess, input: { deliveryId: 'x' } }))).toBe('invalid_input');
  });

  it('disables an endpoint after WEBHOOK_MAX_FAILURES failures in a row and tells the admins once; enabling queues what waited', async () => {
    status = 500;
    const [d] = await t.db.query<{ id: string }>('select id from public.webhook_deliveries where endpoint_id = $1', [endpointA]);
    // The first attempt ran in beforeAll (one failure); two more reach the threshold of 3.
    for (let i = 0; i < 2; i++) {
      await t.db.query('update public.webhook_deliveries set next_attempt_at = now() where id = $1', [d!.id]);
      expect(await deliverWebhook(d!.id, 'test')).toBe('retry');
    }
    const [e] = await t.db.query<{ disabled_reason: string | null; consecutive_failures: number }>(
      'select disabled_reason, consecutive_failures from public.webhook_endpoints where id = $1',
      [endpointA],
    );
    expect(e).toEqual({ disabled_reason: 'failures', consecutive_failures: 3 });
    // A disabled endpoint is not attempted; the delivery stays pending for later.
    await t.db.query('update public.webhook_deliveries set next_attempt_at = now() where id = $1', [d!.id]);
    expect(await deliverWebhook(d!.id, 'test')).toBe('skipped');
    const [audit] = await t.db.query<{ details: { office_id: string } }>(`select details from public.audit_events where action = 'webhook.endpoint_disabled'`);
    expect(audit!.details.office_id).toBe(officeA.id);
    expect((await listDisabledWebhooks({ access: adminAccess })).map((x) => x.endpointId)).toEqual([endpointA]);

    await notifyDisabled({ endpointId: endpointA }, { jobId: '1', attempt: 1, maxAttempts: 1, workerId: 'test' });
    await notifyDisabled({ endpointId: endpointA }, { jobId: '2', attempt: 1, maxAttempts: 1, workerId: 'test' });
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]!.to).toEqual(['<admin@example.edu.cn>']);
    expect(sink.mails[0]!.data).toContain(url);

    expect(await code(resendWebhookDelivery({ access: adminAccess, input: { deliveryId: d!.id } }))).toBe('conflict');
    status = 200;
    const r = await setWebhookEndpointEnabled({ access: adminAccess, input: { endpointId: endpointA, enabled: true } });
    expect(r).toEqual({ changed: true, queued: 1 });
    expect(await setWebhookEndpointEnabled({ access: adminAccess, input: { endpointId: endpointA, enabled: true } })).toEqual({ changed: false, queued: 0 });
    expect(await deliverWebhook(d!.id, 'test')).toBe('succeeded');
    const log = await listWebhooks({ access: adminAccess, input: { officeId: officeA.id } });
    const ep = log.endpoints.find((x) => x.id === endpointA)!;
    expect(ep.disabledAt).toBeNull();
    expect(ep.consecutiveFailures).toBe(0);
    expect(ep.deliveries[0]).toMatchObject({ status: 'succeeded', attempts: 4, lastResponseCode: 200 });
  });

  it('resends a delivered message with the same webhook-id, audited', async () => {
    const [d] = await t.db.query<{ id: string; message_id: string }>('select id, message_id from public.webhook_deliveries where endpoint_id = $1', [
      endpointA,
    ]);
    await resendWebhookDelivery({ access: adminAccess, input: { deliveryId: d!.id } });
    expect(await deliverWebhook(d!.id, 'test')).toBe('succeeded');
    const [after] = await t.db.query<{ message_id: string; attempts: number; status: string }>(
      'select message_id, attempts, status from public.webhook_deliveries where id = $1',
      [d!.id],
    );
    expect(after).toEqual({ message_id: d!.message_id, attempts: 5, status: 'succeeded' });
    const audits = await t.db.query(`select 1 from public.audit_events where action = 'webhook.resend' and entity_id = $1`, [d!.id]);
    expect(audits).toHaveLength(1);
    // Admin disabling: audited and reversible, no notice (the admin did it).
    await setWebhookEndpointEnabled({ access: adminAccess, input: { endpointId: endpointB, enabled: false } });
    expect((await listDisabledWebhooks({ access: adminAccess })).map((x) => x.endpointId)).toEqual([]);
  });
});

describe(`webhook payloads against the grant at delivery on ${testEngine}`, () => {
  it('sends only what the office is granted when the message goes out, not what it was granted when the change was queued', async () => {
    status = 200;
    const [d] = await t.db.query<{ id: string }>('select id from public.webhook_deliveries where endpoint_id = $1', [endpointA]);
    await t.db.query(`update public.office_grants set fields = array['student_number'] where office_id = $1`, [officeA.id]);
    try {
      await resendWebhookDelivery({ access: adminAccess, input: { deliveryId: d!.id } });
      expect(await deliverWebhook(d!.id, 'test')).toBe('succeeded');
      const sent = JSON.parse(lastBody) as { type: string; data: { id: string; fields: Record<string, unknown> } };
      expect(sent.type).toBe('student.verified');
      expect(Object.keys(sent.data.fields)).toEqual(['student_number']);
      const [a] = await t.db.query<{ details: { fields: string[] } }>(
        `select details from public.audit_events where action = 'webhook.deliver' and entity_id = $1 order by occurred_at desc, id desc limit 1`,
        [d!.id],
      );
      expect(a!.details.fields).toEqual(['student_number']);
    } finally {
      await t.db.query(`update public.office_grants set fields = array['student_number', 'name'] where office_id = $1`, [officeA.id]);
    }
  });
});

describe('webhook URL policy (SSRF)', () => {
  it('refuses private, loopback, link-local and mapped addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
    ]) {
      expect(isForbiddenAddress(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '202.120.2.101', '2001:da8::1']) expect(isForbiddenAddress(ip), ip).toBe(false);
  });

  it('in production: https only and public addresses only; in development loopback over http is fine', async () => {
    expect(await resolveTarget('http://8.8.8.8/hook', { production: true })).toEqual({ refused: 'https' });
    expect(await resolveTarget('https://127.0.0.1/hook', { production: true })).toEqual({ refused: 'private' });
    expect(await resolveTarget('https://[::1]/hook', { production: true })).toEqual({ refused: 'private' });
    expect(await resolveTarget('https://169.254.169.254/latest/meta-data', { production: true })).toEqual({ refused: 'private' });
    expect(await resolveTarget('https://localhost/hook', { production: true })).toEqual({ refused: 'private' });
    expect(await resolveTarget('https://user:pw@8.8.8.8/hook', { production: true })).toEqual({ refused: 'url' });
    expect(await resolveTarget('https://8.8.8.8/hook', { production: true })).toMatchObject({ address: '8.8.8.8', family: 4 });
    expect(await resolveTarget('http://127.0.0.1:9/hook', { production: false })).toMatchObject({ address: '127.0.0.1' });
  });
});
