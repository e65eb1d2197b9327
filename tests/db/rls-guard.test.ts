import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRls } from '../../lib/server/db/rls';
import { freshDb, type TestDb } from '../helpers/db';
import { makeUser } from '../factories';
import { rlsGuard } from '../setup/rls-guard';

// tests/setup/rls-guard.ts asserts, in every withRls transaction of every test, that the role
// is subject to RLS. This proves the assertion runs and that it fails when it should.
let t: TestDb;
beforeAll(async () => {
  t = await freshDb();
});
afterAll(async () => t?.cleanup());

describe('the RLS guard in every withRls transaction', () => {
  it('runs once per transaction', async () => {
    const user = await makeUser(t.db);
    const before = rlsGuard.checked;
    await withRls({ userId: user.id }, (tx) => tx.query('select 1'));
    await withRls({ userId: null }, (tx) => tx.query('select 1'));
    expect(rlsGuard.checked - before).toBe(2);
  });

  it('refuses a transaction whose role bypasses RLS', async () => {
    const user = await makeUser(t.db);
    await t.db.exec('alter role authenticated bypassrls');
    try {
      await expect(withRls({ userId: user.id }, (tx) => tx.query('select 1'))).rejects.toThrow(/RLS is not being tested/);
    } finally {
      await t.db.exec('alter role authenticated nobypassrls');
    }
    await expect(withRls({ userId: user.id }, (tx) => tx.query('select 1'))).resolves.toBeDefined();
  });
});
