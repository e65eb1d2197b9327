import 'server-only';
import { getDb } from './client';
import type { Tx } from './types';

/**
 * The connection's own role, which bypasses RLS. Only migrations, the seed, sign-in provisioning
 * and system jobs may use it; every request made on a person's behalf goes through withRls.
 * Keep the list of importers short: `grep -r "db/admin"` should read like that list.
 */
export async function withAdmin<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(fn);
}
