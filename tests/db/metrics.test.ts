import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { withRls } from '../../lib/server/db/rls';
import { processMetrics } from '../../lib/server/metrics/process-metrics';
import { refreshMetricsRollups } from '../../lib/server/metrics/refresh';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeStaff, makeStudent } from '../factories';

let t: TestDb;
let registrar: Access, reviewerA: Access, reviewerB: Access;
let deptA: { id: string };
const classStudents: string[] = [];

beforeAll(async () => {
  t = await freshDb();
  deptA = await makeDepartment(t.db);
  const deptB = await makeDepartment(t.db);
  registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
  reviewerA = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: deptA.id })).ctx))!;
  reviewerB = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: deptB.id })).ctx))!;
  // Two records in department A: one returned (2 h) for the name and the photo, then verified (1 day after resubmission).
  for (const [i, cls] of [
    [0, '计科2501'],
    [1, '计科2502'],
  ] as const) {
    const s = await makeStudent(t.db, deptA.id);
    classStudents.push(s.id);
    await t.db.query('update public.students set class_name = $2 where id = $1', [s.id, cls]);
    const [r] = await t.db.query<{ id: string }>(
      `insert into public.identity_records (student_id, department_id, state, submitted_at, return_count) values ($1, $2, 'draft', now() - interval '3 days', $3) returning id`,
      [s.id, deptA.id, i],
    );
    const ev = (kind: string, ago: string, reasons = '[]') =>
      t.db.query(
        `insert into public.review_events (record_id, actor_id, kind, reasons, created_at) values ($1, $2, $3, $4::text::jsonb, now() - $5::interval)`,
        [r!.id, reviewerA.user.id, kind, reasons, ago],
      );
    await ev('submitted', '3 days');
    if (i === 1) {
      await ev(
        'returned',
        '2 days 22 hours',
        JSON.stringify([
          { target: 'field:legal_name', code: 'x' },
          { target: 'document:id_front', code: 'y' },
        ]),
      );
      await ev('resubmitted', '2 days');
      await ev('verified', '1 day');
    } else await ev('verified', '2 days 23 hours');
  }
});
afterAll(async () => t?.cleanup());

describe(`process metrics on ${process.env.TEST_PG_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('rolls up incrementally and idempotently', async () => {
    expect(await refreshMetricsRollups()).toEqual({ added: 3 });
    expect(await refreshMetricsRollups()).toEqual({ added: 0 });
  });

  it('gives decision times, return rate, top reasons, workload and resubmissions', async () => {
    const m = await processMetrics({ access: registrar, input: {} });
    const decisions = m.decisionTimes.reduce((s, w) => s + w.decisions, 0);
    expect(decisions).toBe(3);
    expect(m.decisionTimes.reduce((s, w) => s + w.returned, 0)).toBe(1);
    expect(m.topReasons.map((r) => r.target).sort()).toEqual(['document:id_front', 'field:legal_name']);
    expect(m.workload[0]).toMatchObject({ decisions: 3 });
    expect(m.resubmissions).toMatchObject({ records: 2, max_resubmissions: 1 });
    const byClass = await processMetrics({ access: registrar, input: { className: '计科2502' } });
    expect(byClass.decisionTimes.reduce((s, w) => s + w.decisions, 0)).toBe(2);
  });

  it('gives confirmation completion per class over time (cumulative by week of confirmation)', async () => {
    // 计科2501: its first student confirmed 8 days ago, a second 1 day ago, a third still pending;
    // 计科2502: one pending. Campaign window: the last 20 days to 5 days ahead.
    const extra = [await makeStudent(t.db, deptA.id), await makeStudent(t.db, deptA.id)];
    await t.db.query(`update public.students set class_name = '计科2501' where id = any($1::uuid[])`, [extra.map((x) => x.id)]);
    const [c] = await t.db.query<{ id: string }>(
      `insert into public.campaigns (name, semester, opens_at, closes_at, status, created_by)
       values ('班级完成度', '2026–2027-1', now() - interval '20 days', now() + interval '5 days', 'open', $1) returning id`,
      [registrar.user.id],
    );
    const task = (studentId: string, confirmedAgo: string | null) =>
      t.db.query(
        `insert into public.confirmation_tasks (campaign_id, student_id, department_id, cohort, status, confirmed_at)
         values ($1, $2, $3, 2025, $4, now() - $5::interval)`,
        [c!.id, studentId, deptA.id, confirmedAgo ? 'confirmed' : 'pending', confirmedAgo ?? '0 days'],
      );
    await task(classStudents[0]!, '8 days');
    await task(extra[0]!.id, '1 day');
    await task(extra[1]!.id, null);
    await task(classStudents[1]!, null);

    const m = await processMetrics({ access: registrar, input: {} });
    const a = m.classCompletion.find((x) => x.class_name === '计科2501')!;
    const b = m.classCompletion.find((x) => x.class_name === '计科2502')!;
    expect(a).toMatchObject({ total: 3, confirmed: 2 });
    expect(b).toMatchObject({ total: 1, confirmed: 0, weeks: [] });
    // Cumulative, ascending weeks, ending at the confirmed count; 8 days apart is two weeks.
    expect(a.weeks.map((w) => w.cumulative)).toEqual([1, 2]);
    expect(a.weeks[0]!.week < a.weeks[1]!.week).toBe(true);
    // The least complete class comes first (who to chase).
    expect(m.classCompletion[0]!.class_name).toBe('计科2502');
    // The class filter narrows it; another department's reviewer sees none of it.
    expect((await processMetrics({ access: registrar, input: { className: '计科2501' } })).classCompletion.map((x) => x.class_name)).toEqual(['计科2501']);
    expect((await processMetrics({ access: reviewerB, input: {} })).classCompletion).toEqual([]);
  });

  it('a reviewer sees their department only, through RLS as a non-superuser', async () => {
    expect((await processMetrics({ access: reviewerA, input: {} })).decisionTimes.length).toBeGreaterThan(0);
    const other = await processMetrics({ access: reviewerB, input: {} });
    expect(other.decisionTimes).toEqual([]);
    expect(other.topReasons).toEqual([]);
    const rows = await withRls(reviewerB.ctx, (tx) => tx.query('select * from public.metrics_decisions'));
    expect(rows).toHaveLength(0);
  });
});
