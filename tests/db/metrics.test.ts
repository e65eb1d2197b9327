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

  it('a reviewer sees their department only, through RLS as a non-superuser', async () => {
    expect((await processMetrics({ access: reviewerA, input: {} })).decisionTimes.length).toBeGreaterThan(0);
    const other = await processMetrics({ access: reviewerB, input: {} });
    expect(other.decisionTimes).toEqual([]);
    expect(other.topReasons).toEqual([]);
    const rows = await withRls(reviewerB.ctx, (tx) => tx.query('select * from public.metrics_decisions'));
    expect(rows).toHaveLength(0);
  });
});
