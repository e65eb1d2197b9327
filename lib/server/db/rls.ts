import 'server-only';
import { getDb } from './client';
import type { Tx } from './types';

/**
 * Who is acting. A signed-in person, an office's API client (its own system calling /api/v1), or
 * a system job (queue handlers, schedules). Audit rows name the kind.
 */
export type Actor =
  { kind: 'user'; userId: string } | { kind: 'api_client'; clientId: string; officeId: string } | { kind: 'system'; job: string } | { kind: 'anonymous' };

/** Who is asking. Roles are not carried here: the database looks them up on every request. */
export interface Ctx {
  /** The signed-in person's app_users.id; null for API clients, jobs and anonymous callers. */
  userId: string | null;
  /** Defaults to `user` when userId is set, else `anonymous`. */
  actor?: Actor;
  ip?: string | null;
  userAgent?: string | null;
}

export function actorOf(ctx: Ctx): Actor {
  if (ctx.actor) return ctx.actor;
  return ctx.userId ? { kind: 'user', userId: ctx.userId } : { kind: 'anonymous' };
}

/** The ctx of a system job (queue handler, schedule, script): audit rows name the job. */
export function systemCtx(job: string): Ctx {
  return { userId: null, actor: { kind: 'system', job } };
}

/** The JWT-shaped claims RLS policies read through auth.uid() / auth.jwt(). */
export function claimsFor(ctx: Ctx): { role: 'authenticated' | 'anon'; claims: Record<string, unknown> } {
  const a = actorOf(ctx);
  switch (a.kind) {
    case 'user':
      return { role: 'authenticated', claims: { sub: a.userId, role: 'authenticated', aud: 'authenticated', actor_kind: 'user' } };
    case 'api_client':
      // No `sub`: auth.uid() is null, so no person's policy matches; office policies read office_id.
      return {
        role: 'authenticated',
        claims: { role: 'authenticated', aud: 'authenticated', actor_kind: 'api_client', client_id: a.clientId, office_id: a.officeId },
      };
    case 'system':
      return { role: 'anon', claims: { role: 'anon', actor_kind: 'system', job: a.job } };
    default:
      return { role: 'anon', claims: { role: 'anon', actor_kind: 'anonymous' } };
  }
}

/**
 * Test-only: called inside every withRls transaction right after the role and claims are set
 * (tests/setup/rls-guard.ts asserts the role is neither superuser nor BYPASSRLS there, so no
 * RLS test can pass by running with RLS switched off). Never set in the app.
 */
let rlsTransactionHook: ((tx: Tx) => Promise<void>) | undefined;
export function onRlsTransaction(hook: ((tx: Tx) => Promise<void>) | undefined): void {
  rlsTransactionHook = hook;
}

/**
 * Runs fn in one transaction as Supabase's `authenticated` role (or `anon` without a user) with
 * the request's claims bound as a parameter, so RLS policies decide what fn can see and change.
 * The claims are never spliced into SQL text.
 */
export async function withRls<T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  const { role, claims } = claimsFor(ctx);
  return db.transaction(async (tx) => {
    await tx.query(role === 'authenticated' ? 'set local role authenticated' : 'set local role anon');
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
    if (rlsTransactionHook) await rlsTransactionHook(tx);
    return fn(tx);
  });
}
