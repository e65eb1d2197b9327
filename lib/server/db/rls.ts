import 'server-only';
import { getDb } from './client';
import type { Tx } from './types';

/** Who is asking. Roles are not carried here: the database looks them up on every request. */
export interface Ctx {
  userId: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Runs fn in one transaction as Supabase's `authenticated` role (or `anon` without a user) with
 * the request's claims bound as a parameter, so RLS policies decide what fn can see and change.
 * The claims are never spliced into SQL text.
 */
export async function withRls<T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (ctx.userId) {
      await tx.query('set local role authenticated');
      await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: ctx.userId, role: 'authenticated', aud: 'authenticated' }),
      ]);
    } else {
      await tx.query('set local role anon');
      await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'anon' })]);
    }
    return fn(tx);
  });
}
