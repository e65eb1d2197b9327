import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Tx } from '../../db/types';
import { AppError } from '../../errors';

/** The key a client mints once per submit intent (crypto.randomUUID()) and resends on retry. */
export const ZIdempotencyKey = z.uuid();

/** JSON with object keys sorted, so one input always hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return `{${Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function fingerprint(input: unknown): string {
  return createHash('sha256').update(canonical(input)).digest('hex');
}

/**
 * Runs `fn` at most once per (actor, verb, key), inside the caller's transaction (decision 120).
 *
 * The key row is claimed first with INSERT … ON CONFLICT DO NOTHING: a concurrent request with
 * the same key waits on that row until the first transaction ends, then finds its committed
 * result and returns it. The result is stored in the same transaction as the write, so a write
 * that committed always has its answer, and one that rolled back left no key (the retry runs
 * again). The same key with a different input is refused rather than answered with another
 * request's result. Without a key the verb runs unprotected (its own locks still apply).
 */
export async function once<T>(tx: Tx, o: { userId: string; verb: string; key: string | null | undefined; input: unknown }, fn: () => Promise<T>): Promise<T> {
  if (o.key === undefined || o.key === null || o.key === '') return fn();
  const key = ZIdempotencyKey.safeParse(o.key);
  if (!key.success) throw new AppError('invalid_input', { message: 'idempotency key must be a uuid', userMessage: 'integrity.idempotencyInvalid' });
  const print = fingerprint(o.input);
  const claimed = await tx.query<{ key: string }>(
    `insert into public.idempotency_keys (user_id, verb, key, fingerprint) values ($1, $2, $3, $4)
     on conflict (user_id, verb, key) do nothing returning key`,
    [o.userId, o.verb, key.data, print],
  );
  if (!claimed.length) {
    const [first] = await tx.query<{ fingerprint: string; result: { v: T } | null }>(
      'select fingerprint, result from public.idempotency_keys where user_id = $1 and verb = $2 and key = $3',
      [o.userId, o.verb, key.data],
    );
    if (!first || first.fingerprint !== print || first.result === null)
      throw new AppError('conflict', { message: `idempotency key reused for ${o.verb}`, userMessage: 'integrity.idempotencyReused' });
    return first.result.v;
  }
  const result = await fn();
  await tx.query('update public.idempotency_keys set result = $4::text::jsonb where user_id = $1 and verb = $2 and key = $3', [
    o.userId,
    o.verb,
    key.data,
    // Wrapped, so a verb that answers nothing (undefined) is still told apart from "no result yet".
    JSON.stringify({ v: result ?? null }),
  ]);
  return result;
}

/**
 * Serialises one student's writes (corrections, self-service changes, decisions on them): two
 * concurrent requests take turns, and the second sees what the first wrote — one version, never
 * two, and no unique violation surfacing as an error. A transaction-scoped advisory lock, since
 * students may not lock their record row under RLS.
 */
export async function lockStudentWrites(tx: Tx, studentId: string): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtextextended('student-writes:' || $1::text, 0))`, [studentId]);
}
