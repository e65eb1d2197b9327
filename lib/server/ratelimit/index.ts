import 'server-only';
import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb } from '../db/client';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { BUDGETS, isLimitKind, type Budget, type LimitKind } from './budgets';
import { storeClientFor } from './store';

/**
 * Rate limits that hold across app instances: rate-limiter-flexible's RateLimiterPostgres on the
 * app's own database (PostgreSQL, Supabase, or the embedded PGlite), one row per key in
 * public.rate_limits (decision 110). Budgets live in ./budgets.ts.
 */

/** A used-up budget: HTTP 429 with Retry-After, the kind's localized message as userMessage. */
export class RateLimitError extends AppError {
  readonly kind: LimitKind;
  /**
   * True for exactly one refusal per window across all instances (the first request over the
   * budget), so "the limit was hit" can be audited once rather than once per hammered request.
   */
  readonly firstRefusal: boolean;
  constructor(kind: LimitKind, retryAfterSeconds: number, firstRefusal: boolean) {
    super('rate_limited', { message: `rate limit "${kind}" used up`, userMessage: BUDGETS[kind].message, retryAfterSeconds });
    this.kind = kind;
    this.firstRefusal = firstRefusal;
  }
}

// Kinds whose every refusal must reach the database (so firstRefusal is exact). The others also
// block in memory once used up, which keeps a flood from costing one database write per request.
const EXACT: ReadonlySet<LimitKind> = new Set(['reveal']);

const limiters = new Map<LimitKind, { limiter: RateLimiterPostgres; budget: Budget }>();
const store = storeClientFor(getDb);

export function budgetOf(kind: LimitKind): Budget {
  const o = getEnv().rateLimits.overrides[kind];
  return { points: o?.points ?? BUDGETS[kind].points, duration: o?.duration ?? BUDGETS[kind].duration };
}

function limiterFor(kind: LimitKind) {
  let l = limiters.get(kind);
  if (!l) {
    const budget = budgetOf(kind);
    const limiter = new RateLimiterPostgres({
      storeClient: store,
      storeType: 'client',
      schemaName: 'public',
      tableName: 'rate_limits',
      // The table comes from a migration (with RLS); the library must not create its own.
      tableCreated: true,
      // Expired rows are removed by the scheduled job, once for all instances (ratelimit.cleanup).
      clearExpiredByTimeout: false,
      keyPrefix: kind,
      points: budget.points,
      duration: budget.duration,
      ...(EXACT.has(kind) ? {} : { inMemoryBlockOnConsumed: budget.points }),
    });
    l = { limiter, budget };
    limiters.set(kind, l);
  }
  return l;
}

// IP addresses, uuids and client ids are kept as they are (readable when debugging); anything
// else, or anything long, is hashed so the key fits the varchar(255) column.
function keyOf(key: string): string {
  return /^[A-Za-z0-9.:_-]{1,128}$/.test(key) ? key : `h.${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * Spends one point of `kind`'s budget for `key`; throws RateLimitError (`rate_limited`, 429,
 * `retryAfterSeconds`) when it is used up. A database failure propagates as it is (a 503 when the
 * database is down, like every other request then).
 */
export async function limit(kind: string, key: string): Promise<void> {
  if (!isLimitKind(kind)) throw new AppError('internal', { message: `unknown rate limit kind "${kind}"` });
  const { limiter, budget } = limiterFor(kind);
  try {
    await limiter.consume(keyOf(key));
  } catch (e) {
    if (e instanceof RateLimiterRes) {
      const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw new RateLimitError(kind, retryAfterSeconds, e.consumedPoints === budget.points + 1);
    }
    throw e;
  }
}

/**
 * The row key `limit(kind, key)` spends from (rate-limiter-flexible's `<keyPrefix>:<key>`), for a
 * point spent in SQL by app.take_budget instead (decision 141): both count in one window.
 */
export function budgetRowKey(kind: LimitKind, key: string): string {
  return `${kind}:${keyOf(key)}`;
}

/**
 * What `limit()` decides, for a point app.take_budget spent: the window as that statement
 * answered it (consumed points, end in epoch ms). The RateLimitError `limit()` would throw when
 * the point was over the budget, else null; the library's in-memory block is not involved.
 */
export function refusalOfSpentPoint(kind: LimitKind, window: { points: number; expire: number | null }, now = Date.now()): RateLimitError | null {
  const budget = budgetOf(kind);
  if (window.points <= budget.points) return null;
  const msBeforeNext = window.expire === null ? -1 : Math.max(window.expire - now, 0);
  return new RateLimitError(kind, Math.max(1, Math.ceil(msBeforeNext / 1000)), window.points === budget.points + 1);
}

/** Test seam: forget the limiter instances (budgets are read again from the environment). */
export function resetLimitersForTests(): void {
  limiters.clear();
}

/** Deletes windows that ended more than an hour ago (the `ratelimit.cleanup` schedule). */
export async function deleteExpiredWindows(now = Date.now()): Promise<number> {
  const db = await getDb();
  const rows = await db.query<{ key: string }>('delete from public.rate_limits where expire < $1 returning key', [now - 3_600_000]);
  return rows.length;
}

export { BUDGETS, type LimitKind } from './budgets';
