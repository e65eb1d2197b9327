import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess } from '../../lib/server/auth/access';
import { parseLogoutRequest } from '../../lib/server/auth/cas';
import { CasSignInError, casServiceUrl, signInWithTicket } from '../../lib/server/auth/cas-sign-in';
import { endSessionByTicket, isSessionLive } from '../../lib/server/auth/sessions';
import { freshDb, type TestDb } from '../helpers/db';
import { casLogin, casServerAvailable, startCasServer, type CasServer } from '../helpers/cas-server';
import { makeDepartment } from '../factories';

/**
 * CAS sign-in against a real CAS server (Debian's python3-django-cas-server), with the app's
 * own verbs on a real database (PGlite, or PostgreSQL under TEST_PG_URL). The attribute carrying
 * the student number is deliberately not the default (`xh`, not `uid`), and the accounts also
 * release a misleading `uid`, so the test proves names come only from the environment.
 */
const HAVE_CAS = casServerAvailable();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

let t: TestDb;
let cas: CasServer;
let appPort: number;
let sloReceiver: http.Server;
const sloBodies: string[] = [];
let studentId: string;

const ACCOUNTS = {
  zhang: {
    password: 'pw-zhang',
    attributes: { uid: 'zhang', xh: '0012345', cn: '张明明', mail: 'zhang@stu.example.edu.cn', eduPersonAffiliation: ['member', 'student'] },
  },
  teacher: { password: 'pw-teacher', attributes: { uid: 'T1001', cn: '李老师', mail: 'li@example.edu.cn', eduPersonAffiliation: ['staff'] } },
};

describe.runIf(HAVE_CAS)('CAS sign-in (needs /usr/bin/python3 with python3-django-cas-server; .ci/run installs it)', () => {
  beforeAll(async () => {
    appPort = await freePort();
    // The app's service URL: where the CAS server redirects with the ticket and POSTs single
    // logout. Nothing but the SLO receiver listens there in this test.
    sloReceiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += String(c)));
      req.on('end', () => {
        sloBodies.push(new URLSearchParams(body).get('logoutRequest') ?? '');
        res.end('ok');
      });
    });
    await new Promise<void>((r) => sloReceiver.listen(appPort, '127.0.0.1', r));
    cas = await startCasServer({ accounts: ACCOUNTS, servicePattern: '^http://localhost:\\d+/.*$' });
    Object.assign(process.env, {
      AUTH_URL: `http://localhost:${appPort}`,
      AUTH_CAS_URL: cas.url,
      AUTH_CAS_ATTR_STUDENT_NUMBER: 'xh',
    });
    t = await freshDb();
    const dept = await makeDepartment(t.db);
    const [s] = await t.db.query<{ id: string }>(
      `insert into public.students (student_number, name, department_id, cohort) values ('0012345', '张明明', $1, 2025) returning id`,
      [dept.id],
    );
    studentId = s!.id;
  }, 60_000);
  afterAll(async () => {
    await cas?.stop();
    await new Promise((r) => sloReceiver?.close(r));
    await t?.cleanup();
  });

  const ticketFrom = (location: string) => new URL(location).searchParams.get('ticket')!;

  it('signs a student in and links the roster by the released student number, leading zeros kept', async () => {
    const { location } = await casLogin(cas, casServiceUrl(), 'zhang', 'pw-zhang');
    expect(location.startsWith(casServiceUrl())).toBe(true);
    const r = await signInWithTicket(ticketFrom(location), { ip: '127.0.0.1' });
    const access = await loadAccess({ userId: r.userId });
    expect(access?.student?.id).toBe(studentId);
    expect(access?.student?.studentNumber).toBe('0012345');
    const [u] = await t.db.query<{ issuer: string; subject: string; affiliation: string; student_number: string; display_name: string }>(
      'select issuer, subject, affiliation, student_number, display_name from public.app_users where id = $1',
      [r.userId],
    );
    expect(u).toEqual({ issuer: cas.url, subject: 'zhang', affiliation: 'student', student_number: '0012345', display_name: '张明明' });
    const audits = await t.db.query<{ details: { provider: string } }>(
      `select details from public.audit_events where action = 'auth.sign_in' and entity_id = $1`,
      [r.userId],
    );
    expect(audits.map((a) => a.details.provider)).toEqual(['cas']);
    expect(await isSessionLive(r.userId, r.sid)).toBe(true);
  });

  it('gives a staff account no student access', async () => {
    const { location } = await casLogin(cas, casServiceUrl(), 'teacher', 'pw-teacher');
    const r = await signInWithTicket(ticketFrom(location), {});
    const access = await loadAccess({ userId: r.userId });
    expect(access).not.toBeNull();
    expect(access!.student).toBeNull();
    expect(access!.grants).toEqual([]);
  });

  it('refuses a reused ticket', async () => {
    const { location } = await casLogin(cas, casServiceUrl(), 'teacher', 'pw-teacher');
    const ticket = ticketFrom(location);
    await signInWithTicket(ticket, {});
    await expect(signInWithTicket(ticket, {})).rejects.toMatchObject({ reason: 'CasTicket' });
  });

  it('refuses a ticket issued for another service', async () => {
    const other = `http://localhost:${appPort}/some/other/service`;
    const { location } = await casLogin(cas, other, 'zhang', 'pw-zhang');
    await expect(signInWithTicket(ticketFrom(location), {})).rejects.toBeInstanceOf(CasSignInError);
    await expect(signInWithTicket(ticketFrom(location), {})).rejects.toMatchObject({ reason: 'CasTicket' });
  });

  it('refuses forged and malformed tickets', async () => {
    await expect(signInWithTicket('ST-forged0000000000000000000000', {})).rejects.toMatchObject({ reason: 'CasTicket' });
    await expect(signInWithTicket('<script>', {})).rejects.toMatchObject({ reason: 'CasTicket' });
    await expect(signInWithTicket('', {})).rejects.toMatchObject({ reason: 'CasTicket' });
  });

  it("ends exactly the session named by the CAS server's single-logout request", async () => {
    const first = await casLogin(cas, casServiceUrl(), 'zhang', 'pw-zhang');
    const a = await signInWithTicket(ticketFrom(first.location), {});
    const second = await casLogin(cas, casServiceUrl(), 'zhang', 'pw-zhang'); // another browser
    const b = await signInWithTicket(ticketFrom(second.location), {});
    sloBodies.length = 0;
    // Signing out at the CAS (first browser) makes the CAS server POST a logoutRequest to the service.
    const out = await fetch(`${cas.url}/logout`, { headers: { cookie: [...first.jar].map(([k, v]) => `${k}=${v}`).join('; ') }, redirect: 'manual' });
    expect(out.status).toBeLessThan(400);
    for (let i = 0; i < 50 && sloBodies.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(sloBodies).toHaveLength(1);
    const ticket = parseLogoutRequest(sloBodies[0]!);
    expect(ticket).toBe(ticketFrom(first.location));
    expect(await endSessionByTicket(ticket!)).toBe(1);
    expect(await isSessionLive(a.userId, a.sid)).toBe(false);
    expect(await isSessionLive(b.userId, b.sid)).toBe(true);
    const [ev] = await t.db.query<{ n: number }>(`select count(*)::int as n from public.audit_events where action = 'auth.single_logout' and entity_id = $1`, [
      a.userId,
    ]);
    expect(ev!.n).toBe(1);
    // Replayed logoutRequest: nothing left to end.
    expect(await endSessionByTicket(ticket!)).toBe(0);
  });

  it("ends a disabled account's sessions at once", async () => {
    const { location } = await casLogin(cas, casServiceUrl(), 'teacher', 'pw-teacher');
    const r = await signInWithTicket(ticketFrom(location), {});
    expect(await isSessionLive(r.userId, r.sid)).toBe(true);
    await t.db.query('update public.app_users set disabled_at = now() where id = $1', [r.userId]);
    expect(await isSessionLive(r.userId, r.sid)).toBe(false);
    const [row] = await t.db.query<{ ended_reason: string }>('select ended_reason from public.auth_sessions where id = $1', [r.sid]);
    expect(row!.ended_reason).toBe('disabled');
    // And a new sign-in of the disabled account is refused.
    const again = await casLogin(cas, casServiceUrl(), 'teacher', 'pw-teacher');
    await expect(signInWithTicket(ticketFrom(again.location), {})).rejects.toMatchObject({ reason: 'AccountDisabled' });
  });
});
