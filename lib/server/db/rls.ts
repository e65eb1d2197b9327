import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
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
  /**
   * The server-side session (auth_sessions.id) the cookie named. When set, the access lookup
   * treats an ended session as signed out (app.request_access); unset for tests, jobs, API clients.
   */
  sessionId?: string | null;
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

/** The one statement that starts every RLS transaction: role and claims, both `SET LOCAL`. */
const ROLE_AND_CLAIMS = `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`;

/** A statement that sets the role and claims itself (its $1 and $2) and returns rows of its own. */
export interface FirstStatement {
  text: string;
  params: readonly unknown[];
}

interface SharedTransaction {
  key?: string;
  tx?: Promise<Tx>;
  /** Resolves (commit) or rejects (rollback) the transaction held open for the request. */
  finish?: (error?: unknown) => void;
  done?: Promise<unknown>;
  failed?: unknown;
}
const shared = new AsyncLocalStorage<SharedTransaction>();

/**
 * Every withRls inside fn (for one and the same ctx) runs in one transaction, opened by the first
 * and committed when fn returns — rolled back when fn throws or any withRls inside it threw, even
 * if the caller caught that. For the hottest routes (decision 130): the access lookup and the verb
 * share a transaction, so a confirmation is BEGIN, access, verb, COMMIT. Nothing inside fn may use
 * another connection that waits for this one (on PGlite there is only one).
 */
export async function inOneTransaction<T>(fn: () => Promise<T>): Promise<T> {
  const s: SharedTransaction = {};
  return shared.run(s, async () => {
    let result: T;
    try {
      result = await fn();
    } catch (e) {
      s.finish?.(e);
      await s.done?.catch(() => undefined);
      throw e;
    }
    s.finish?.(s.failed);
    if (s.done) await s.done;
    return result;
  });
}

function rlsKey(ctx: Ctx): string {
  return JSON.stringify(claimsFor(ctx));
}

async function startRls(tx: Tx, ctx: Ctx, first: FirstStatement | undefined): Promise<unknown[]> {
  const { role, claims } = claimsFor(ctx);
  let rows: unknown[] = [];
  if (first) rows = await tx.query(first.text, [role, JSON.stringify(claims), ...first.params]);
  else await tx.query(ROLE_AND_CLAIMS, [role, JSON.stringify(claims)]);
  if (rlsTransactionHook) await rlsTransactionHook(tx);
  return rows;
}

/**
 * Runs fn in one transaction as Supabase's `authenticated` role (or `anon` without a user) with
 * the request's claims bound as a parameter, so RLS policies decide what fn can see and change.
 * The claims are never spliced into SQL text.
 */
export async function withRls<T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withRlsFirst(ctx, undefined, (tx) => fn(tx));
}

/**
 * withRls whose first statement is `first` instead of the plain role-and-claims statement: a
 * function that sets role ($1) and claims ($2) itself and does the request's first read in the
 * same round trip (app.request_access). fn receives that statement's rows. Inside
 * inOneTransaction, when the transaction is already open, `first` runs as an ordinary statement
 * (it sets the same role and claims again).
 */
export async function withRlsFirst<T, R = Record<string, unknown>>(
  ctx: Ctx,
  first: FirstStatement | undefined,
  fn: (tx: Tx, firstRows: R[]) => Promise<T>,
): Promise<T> {
  const s = shared.getStore();
  if (s) return inShared(s, ctx, first, fn);
  const db = await getDb();
  return db.transaction(async (tx) => fn(tx, (await startRls(tx, ctx, first)) as R[]));
}

async function inShared<T, R>(s: SharedTransaction, ctx: Ctx, first: FirstStatement | undefined, fn: (tx: Tx, firstRows: R[]) => Promise<T>): Promise<T> {
  const key = rlsKey(ctx);
  let rows: unknown[] | undefined;
  if (!s.tx) {
    s.key = key;
    const db = await getDb();
    const gate = new Promise<void>((resolve, reject) => {
      s.finish = (e) => (e === undefined ? resolve() : reject(e));
    });
    s.tx = new Promise<Tx>((resolve, reject) => {
      s.done = db.transaction(async (tx) => {
        rows = await startRls(tx, ctx, first);
        resolve(tx);
        await gate;
      });
      s.done.catch(reject);
    });
  } else if (s.key !== key) {
    // Another actor's work in the same transaction would run under the first actor's claims.
    throw new Error('inOneTransaction serves one actor: withRls was called with a different ctx');
  }
  const tx = await s.tx;
  try {
    if (rows === undefined && first) rows = await tx.query(first.text, [...claimsParams(ctx), ...first.params]);
    return await fn(tx, (rows ?? []) as R[]);
  } catch (e) {
    s.failed ??= e;
    throw e;
  }
}

function claimsParams(ctx: Ctx): [string, string] {
  const { role, claims } = claimsFor(ctx);
  return [role, JSON.stringify(claims)];
}
