import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo } from '../../lib/server/db/seed';
import { freshDb, type TestDb } from '../helpers/db';

let t: TestDb;
beforeAll(async () => { t = await freshDb(); });
afterAll(async () => t?.cleanup());

it('the demo seed gives each office a grant, a reader and verified students to read (and runs twice)', async () => {
  await seedDemo(t.db, 'https://idp.demo');
  await seedDemo(t.db, 'https://idp.demo');
  const grants = await t.db.query<{ code: string; n: number }>(
    `select o.code, cardinality(g.fields) as n from public.offices o join public.office_grants g on g.office_id = o.id order by 1`);
  expect(grants.map((g) => g.code)).toEqual(['academic_affairs', 'finance', 'logistics']);
  const readers = await t.db.query<{ office_code: string }>(`select office_code from public.staff_roles where role = 'office' and revoked_at is null order by 1`);
  expect(readers.map((r) => r.office_code)).toEqual(['academic_affairs', 'finance', 'logistics']);
  const [v] = await t.db.query<{ n: number }>('select count(*)::int as n from public.identity_records where verified_version_id is not null');
  expect(v!.n).toBeGreaterThanOrEqual(20);
  const [p] = await t.db.query<{ p: Record<string, unknown> }>(
    `select app.office_student_payload((select id from public.offices where code = 'logistics'), (select student_id from public.identity_records where verified_version_id is not null limit 1)) as p`);
  expect(Object.keys(p!.p).sort()).toEqual(['changed_at', 'name', 'phone', 'sex', 'student_id', 'student_number', 'version_id']);
});
