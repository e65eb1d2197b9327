import 'server-only';
import { z } from 'zod';
import { audit } from '../audit/write';
import { withAdmin } from '../db/admin';
import { withRls, type Ctx } from '../db/rls';
import type { Tx } from '../db/types';
import { AppError } from '../errors';
import { requireRole, type Access } from './access';

/**
 * Server-side sessions (supabase/migrations/20261202950000_auth_sessions.sql). A JWT cookie
 * cannot be recalled, so each carries the id of a row here and every request checks the row is
 * live; ending the row ends the session on every app instance at once.
 */

export type SessionProvider = 'campus' | 'cas';

/** Called by the sign-in path on the admin connection, in provisioning's transaction. */
export async function createSession(tx: Tx, userId: string, provider: SessionProvider, sessionIndex: string | null): Promise<string> {
  const [row] = await tx.query<{ id: string }>(`insert into public.auth_sessions (user_id, provider, session_index) values ($1, $2, $3) returning id`, [
    userId,
    provider,
    sessionIndex,
  ]);
  return row!.id;
}

/** True when the session row exists, is not ended and is the signed-in user's. */
export async function isSessionLive(userId: string, sessionId: string | null | undefined): Promise<boolean> {
  if (!sessionId || !z.uuid().safeParse(sessionId).success) return false;
  return withRls({ userId }, async (tx) => {
    const [r] = await tx.query<{ live: boolean }>('select app.session_live($1) as live', [sessionId]);
    return r?.live === true;
  });
}

/** Sign-out in the app: ends the caller's own session row. */
export async function endMySession(ctx: Ctx, sessionId: string | null | undefined): Promise<boolean> {
  if (!ctx.userId || !sessionId || !z.uuid().safeParse(sessionId).success) return false;
  return withRls(ctx, async (tx) => {
    const [r] = await tx.query<{ ended: boolean }>('select app.end_my_session($1) as ended', [sessionId]);
    if (r?.ended) await audit(tx, ctx, { action: 'auth.sign_out', entityType: 'app_user', entityId: ctx.userId, details: { session: sessionId } });
    return r?.ended === true;
  });
}

/**
 * The CAS server's single-logout POST: ends the session created from that service ticket. There
 * is no signed-in person here (the CAS server calls us), so it runs on the admin connection and
 * can do nothing but end the one session the ticket names.
 */
export async function endSessionByTicket(ticket: string, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<number> {
  return withAdmin(async (tx) => {
    const rows = await tx.query<{ id: string; user_id: string }>(
      `update public.auth_sessions set ended_at = now(), ended_reason = 'single_logout'
        where provider = 'cas' and session_index = $1 and ended_at is null
        returning id, user_id`,
      [ticket],
    );
    for (const r of rows) {
      await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: r.user_id, actor_kind: 'system', job: 'cas.single_logout' })]);
      await audit(
        tx,
        { userId: r.user_id, ip: meta.ip, userAgent: meta.userAgent },
        {
          action: 'auth.single_logout',
          entityType: 'app_user',
          entityId: r.user_id,
          details: { session: r.id },
        },
      );
    }
    return rows.length;
  });
}

const ZUserId = z.object({ userId: z.uuid() });

/** An admin's "sign this user out everywhere". */
export async function endUserSessions({ access, input }: { access: Access | null; input: unknown }): Promise<{ ended: number }> {
  const me = requireRole(access, 'admin');
  const parsed = ZUserId.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input');
  return withRls(me.ctx, async (tx) => {
    const [r] = await tx.query<{ n: number }>('select app.end_user_sessions($1) as n', [parsed.data.userId]);
    const ended = Number(r?.n ?? 0);
    await audit(tx, me.ctx, { action: 'auth.sessions_end', entityType: 'app_user', entityId: parsed.data.userId, actorRole: 'admin', details: { ended } });
    return { ended };
  });
}
