import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess } from '../../lib/server/auth/access';
import { provisionUser } from '../../lib/server/auth/provision';
import { endMySession, endUserSessions, isSessionLive } from '../../lib/server/auth/sessions';
import { withRls } from '../../lib/server/db/rls';
import { freshDb, type TestDb } from '../helpers/db';
import { makeStaff } from '../factories';

/** RLS and functions of public.auth_sessions, as the app's non-superuser roles, with rows present. */
let t: TestDb;
const signIn = (subject: string) =>
  provisionUser({ issuer: 'https://idp.test', subject, name: subject, email: null, affiliation: 'staff', studentNumber: null });

beforeAll(async () => {
  t = await freshDb();
});
afterAll(async () => t?.cleanup());

describe('auth_sessions', () => {
  it('a person reads only their own sessions; an admin reads all; anon nothing', async () => {
    const a = await signIn('sess-a');
    const b = await signIn('sess-b');
    const admin = await makeStaff(t.db, 'admin');
    const own = await withRls({ userId: a.userId }, (tx) => tx.query<{ user_id: string }>('select user_id from public.auth_sessions'));
    expect(own.map((r) => r.user_id)).toEqual([a.userId]);
    const all = await withRls(admin.ctx, (tx) => tx.query<{ user_id: string }>('select user_id from public.auth_sessions'));
    expect(all.map((r) => r.user_id)).toEqual(expect.arrayContaining([a.userId, b.userId]));
    await expect(withRls({ userId: null }, (tx) => tx.query('select * from public.auth_sessions'))).rejects.toMatchObject({ code: '42501' });
  });

  it('nobody writes rows directly, and session_live answers only for the caller', async () => {
    const a = await signIn('sess-c');
    const b = await signIn('sess-d');
    await expect(
      withRls({ userId: a.userId }, (tx) => tx.query(`insert into public.auth_sessions (user_id, provider) values ($1, 'campus')`, [a.userId])),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(withRls({ userId: a.userId }, (tx) => tx.query(`update public.auth_sessions set ended_at = null`))).rejects.toMatchObject({ code: '42501' });
    expect(await isSessionLive(a.userId, a.sessionId)).toBe(true);
    // B's session id presented with A's identity is not live.
    expect(await isSessionLive(a.userId, b.sessionId)).toBe(false);
    expect(await isSessionLive(a.userId, 'not-a-uuid')).toBe(false);
  });

  it("sign-out ends only the caller's own session", async () => {
    const a = await signIn('sess-e');
    const b = await signIn('sess-f');
    expect(await endMySession({ userId: a.userId }, b.sessionId)).toBe(false);
    expect(await isSessionLive(b.userId, b.sessionId)).toBe(true);
    expect(await endMySession({ userId: a.userId }, a.sessionId)).toBe(true);
    expect(await isSessionLive(a.userId, a.sessionId)).toBe(false);
  });

  it('an admin signs a user out everywhere, audited; others may not', async () => {
    const u = await signIn('sess-g');
    const second = await signIn('sess-g');
    const other = await signIn('sess-h');
    const admin = await makeStaff(t.db, 'admin');
    await expect(endUserSessions({ access: await loadAccess({ userId: other.userId }), input: { userId: u.userId } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(withRls({ userId: other.userId }, (tx) => tx.query('select app.end_user_sessions($1)', [u.userId]))).rejects.toMatchObject({ code: '42501' });
    const r = await endUserSessions({ access: await loadAccess(admin.ctx), input: { userId: u.userId } });
    expect(r.ended).toBe(2);
    expect(await isSessionLive(u.userId, u.sessionId)).toBe(false);
    expect(await isSessionLive(u.userId, second.sessionId)).toBe(false);
    expect(await isSessionLive(other.userId, other.sessionId)).toBe(true);
    const [ev] = await t.db.query<{ n: number }>(`select count(*)::int as n from public.audit_events where action = 'auth.sessions_end' and entity_id = $1`, [
      u.userId,
    ]);
    expect(ev!.n).toBe(1);
  });
});
