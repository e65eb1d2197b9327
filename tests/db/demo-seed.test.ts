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

describe('demo seed (issue 13: a semester task to confirm)', () => {
  it('opens one campaign for the School of Mathematical Sciences, and stu-zhou is verified with a pending task', async () => {
    const campaigns = await t.db.query<{ status: string; department_codes: string[]; open_now: boolean }>(
      `select c.status, array(select d.code from public.departments d where d.id = any (c.department_ids)) as department_codes,
              now() between c.opens_at and c.closes_at as open_now
       from public.campaigns c`,
    );
    expect(campaigns).toEqual([{ status: 'open', department_codes: ['MATH'], open_now: true }]);
    const [zhou] = await t.db.query<{ state: string; task: string; verified: boolean }>(
      `select r.state, t.status as task, r.verified_version_id is not null as verified
       from public.students s join public.identity_records r on r.student_id = s.id
       join public.confirmation_tasks t on t.student_id = s.id
       where s.student_number = '2024030001'`,
    );
    expect(zhou).toEqual({ state: 'verified', task: 'pending', verified: true });
    // Only the one school: the CS and FL demo students have no task until a campaign is opened.
    const [others] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from public.confirmation_tasks t join public.students s on s.id = t.student_id
       where s.student_number in ('2025010001', '2024020002', '2025010002', '2025020003')`,
    );
    expect(others!.n).toBe(0);
  });
});
