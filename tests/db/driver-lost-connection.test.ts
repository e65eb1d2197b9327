import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../lib/server/db/postgres';
import type { Database, Tx } from '../../lib/server/db/types';
import { toAppError } from '../../lib/server/errors';
import { freshDb, testEngine, type TestDb } from '../helpers/db';

/**
 * The driver after a connection is lost inside a transaction (patches/postgres+3.4.9.patch,
 * decision 121). Found by tests/fault/restart.test.ts, which hung one run in two: when the
 * server went away during a statement, sql.begin's ROLLBACK was queued on the dead connection,
 * survived into the reconnected one and took the replies of the next transaction's first
 * statement, which then waited for ever. Here the backend is terminated on purpose (never the
 * shared server restarted): the transaction fails as `unavailable` and the next one is answered.
 * PostgreSQL only — PGlite has no connection to lose.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

describe.runIf(testEngine === 'postgres')('a connection lost inside a transaction', () => {
  let t: TestDb;
  let app: Database;
  beforeAll(async () => {
    t = await freshDb();
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  const pidOf = async (db: Tx) => {
    const [row] = await db.query<{ pid: number }>('select pg_backend_pid() as pid');
    return row!.pid;
  };

  for (const when of ['during a statement', 'between statements'] as const) {
    it(`${when}: the transaction fails as unavailable and the next transaction on the pool is answered`, async () => {
      // One connection, so the next transaction must reuse the one that was lost.
      app = openPostgres(t.url!, { max: 1 });
      const lost = app.transaction(async (tx) => {
        const pid = await pidOf(tx);
        if (when === 'during a statement') {
          const sleeping = tx.query('select pg_sleep(10)');
          await sleep(200);
          await t.db.query('select pg_terminate_backend($1)', [pid]);
          await sleeping;
        } else {
          await t.db.query('select pg_terminate_backend($1)', [pid]);
          await sleep(300); // the driver has seen the socket close
          await tx.query('select $1::int as x', [1]);
        }
      });
      const err = await within(5000, lost, 'the lost transaction').then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).not.toBeNull();
      expect(toAppError(err).code).toBe('unavailable');

      // The next transaction's first statement is parameterized (described first, then bound):
      // before the fix it took the queued ROLLBACK's place and was never bound.
      const next = app.transaction(async (tx) => {
        const [row] = await tx.query<{ v: string }>("select set_config('app.probe', $1, true) as v", ['ok']);
        return row!.v;
      });
      expect(await within(5000, next, 'the next transaction')).toBe('ok');
      await app.close();
    }, 20_000);
  }
});
