import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../lib/server/db/seed';
import { freshDb, type TestDb } from '../helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await freshDb();
  await seedDemo(t.db, 'https://idp.demo');
  await seedDemo(t.db, 'https://idp.demo'); // idempotent
});
afterAll(async () => t?.cleanup());

describe('demo seed (issue 12 parts)', () => {
  it('puts classes, majors and e-mails on the roster, a counsellor of 计科2501 and one open questionnaire', async () => {
    const [noClass] = await t.db.query<{ n: number }>(
      'select count(*)::int as n from public.students where class_name is null or major is null or email is null',
    );
    expect(noClass!.n).toBe(0);
    const cls = await t.db.query<{ student_number: string }>(`select student_number from public.students where class_name = '计科2501' order by 1`);
    expect(cls.map((c) => c.student_number)).toEqual(expect.arrayContaining(['2025010001', '2025010002']));
    const [c] = await t.db.query<{ class_name: string }>(`select class_name from public.staff_roles where role = 'counsellor'`);
    expect(c!.class_name).toBe('计科2501');
    const qs = await t.db.query<{ status: string }>('select status from public.questionnaires');
    expect(qs).toEqual([{ status: 'open' }]);
  });
});
