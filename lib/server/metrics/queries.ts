import 'server-only';
import type { Tx } from '../db/types';

export interface MetricsFilter {
  from: string;
  to: string;
  departmentId: string | null;
  className: string | null;
}

/**
 * The metrics page's queries, each over the rollups (app.refresh_metrics) and bound to the same
 * filter: [from, to) as dates, department, class. `baseline` gives the decision-time query as it
 * would be without the rollup, for the benchmark's ratio.
 */
export const METRIC_QUERIES = {
  decisionTimes: `
    select week::text, count(*)::int as decisions,
           count(*) filter (where kind = 'returned')::int as returned,
           percentile_cont(0.5) within group (order by seconds)::float8 as median_s,
           percentile_cont(0.9) within group (order by seconds)::float8 as p90_s
    from public.metrics_decisions
    where week >= $1::date and week < $2::date and ($3::uuid is null or department_id = $3) and ($4::text is null or class_name = $4)
    group by week order by week`,
  topReasons: `
    select target, count(*)::int as n from public.metrics_return_reasons
    where week >= $1::date and week < $2::date and ($3::uuid is null or department_id = $3) and ($4::text is null or class_name = $4)
    group by target order by n desc, target limit 10`,
  workload: `
    select coalesce(app.staff_display_name(decided_by), '—') as reviewer, count(*)::int as decisions,
           count(*) filter (where seconds > $5::int)::int as sla_breaches
    from public.metrics_decisions
    where week >= $1::date and week < $2::date and ($3::uuid is null or department_id = $3) and ($4::text is null or class_name = $4)
    group by decided_by order by decisions desc limit 20`,
  resubmissions: `
    select count(*)::int as records, coalesce(avg(r.return_count), 0)::float8 as avg_resubmissions, coalesce(max(r.return_count), 0)::int as max_resubmissions
    from public.identity_records r
    where r.submitted_at >= $1::date and r.submitted_at < $2::date and ($3::uuid is null or r.department_id = $3)
      and ($4::text is null or r.student_id in (select id from public.students where class_name = $4))`,
  cases: `
    select kind, count(*)::int as opened, count(*) filter (where status = 'closed')::int as closed,
           count(*) filter (where outcome = 'verified')::int as verified, count(*) filter (where outcome = 'corrected')::int as corrected,
           count(*) filter (where outcome = 'merged')::int as merged, count(*) filter (where outcome = 'rejected')::int as rejected
    from public.cases
    where opened_at >= $1::date and opened_at < $2::date and ($3::uuid is null or department_id = $3)
      and ($4::text is null or student_id in (select id from public.students where class_name = $4))
    group by kind order by kind`,
  confirmation: `
    select c.name as campaign, d.code as department, count(*)::int as total, count(*) filter (where t.status = 'confirmed')::int as confirmed
    from public.confirmation_tasks t join public.campaigns c on c.id = t.campaign_id join public.departments d on d.id = t.department_id
    where c.opens_at < $2::date and c.closes_at >= $1::date and ($3::uuid is null or t.department_id = $3)
      and ($4::text is null or t.student_id in (select id from public.students where class_name = $4))
    group by c.name, c.opens_at, d.code order by c.opens_at, d.code`,
  // Completion per class over time: for each class in the window's campaigns, its tasks and, per
  // week of confirmation (Beijing time), how many were confirmed by the end of that week.
  classCompletion: `
    with t as (
      select s.class_name, t.status, t.confirmed_at
      from public.confirmation_tasks t join public.campaigns c on c.id = t.campaign_id join public.students s on s.id = t.student_id
      where c.opens_at < $2::date and c.closes_at >= $1::date and s.class_name is not null
        and ($3::uuid is null or t.department_id = $3) and ($4::text is null or s.class_name = $4)
    ),
    totals as (
      select class_name, count(*)::int as total, count(*) filter (where status = 'confirmed')::int as confirmed from t group by class_name
    ),
    weekly as (
      select class_name, week, (sum(n) over (partition by class_name order by week))::int as cumulative
      from (
        select class_name, date_trunc('week', confirmed_at at time zone 'Asia/Shanghai')::date as week, count(*) as n
        from t where status = 'confirmed' and confirmed_at is not null group by 1, 2
      ) x
    )
    select tt.class_name, tt.total, tt.confirmed,
           coalesce(json_agg(json_build_object('week', w.week::text, 'cumulative', w.cumulative) order by w.week)
                    filter (where w.week is not null), '[]'::json) as weeks
    from totals tt left join weekly w on w.class_name = tt.class_name
    group by tt.class_name, tt.total, tt.confirmed
    order by tt.confirmed::float8 / greatest(tt.total, 1), tt.class_name
    limit 200`,
} as const;

export interface ClassCompletion {
  class_name: string;
  total: number;
  confirmed: number;
  weeks: { week: string; cumulative: number }[];
}

/** Submission→decision time computed from the raw events: what the rollup saves. */
export const BASELINE_DECISION_TIMES = `
  select date_trunc('week', e.created_at at time zone 'Asia/Shanghai')::date::text as week, count(*)::int as decisions,
         count(*) filter (where e.kind = 'returned')::int as returned,
         percentile_cont(0.5) within group (order by extract(epoch from e.created_at - sub.created_at))::float8 as median_s,
         percentile_cont(0.9) within group (order by extract(epoch from e.created_at - sub.created_at))::float8 as p90_s
  from public.review_events e join public.identity_records r on r.id = e.record_id join public.students s on s.id = r.student_id
  cross join lateral (select p.created_at from public.review_events p where p.record_id = e.record_id and p.kind in ('submitted', 'resubmitted') and p.created_at <= e.created_at order by p.created_at desc limit 1) sub
  where e.kind in ('verified', 'returned', 'escalated') and e.created_at >= $1::date and e.created_at < $2::date
    and ($3::uuid is null or r.department_id = $3) and ($4::text is null or s.class_name = $4)
  group by 1 order by 1`;

export async function runMetricQueries(tx: Tx, f: MetricsFilter, slaSeconds: number) {
  const p = [f.from, f.to, f.departmentId, f.className];
  const [decisionTimes, topReasons, workload, resubmissions, cases, confirmation, classCompletion] = [
    await tx.query<{ week: string; decisions: number; returned: number; median_s: number; p90_s: number }>(METRIC_QUERIES.decisionTimes, p),
    await tx.query<{ target: string; n: number }>(METRIC_QUERIES.topReasons, p),
    await tx.query<{ reviewer: string; decisions: number; sla_breaches: number }>(METRIC_QUERIES.workload, [...p, slaSeconds]),
    await tx.query<{ records: number; avg_resubmissions: number; max_resubmissions: number }>(METRIC_QUERIES.resubmissions, p),
    await tx.query<{ kind: string; opened: number; closed: number; verified: number; corrected: number; merged: number; rejected: number }>(
      METRIC_QUERIES.cases,
      p,
    ),
    await tx.query<{ campaign: string; department: string; total: number; confirmed: number }>(METRIC_QUERIES.confirmation, p),
    await tx.query<ClassCompletion>(METRIC_QUERIES.classCompletion, p),
  ];
  // PGlite and postgres.js both parse json; a driver that hands back text is handled too.
  for (const c of classCompletion) if (typeof c.weeks === 'string') c.weeks = JSON.parse(c.weeks);
  return { decisionTimes, topReasons, workload, resubmissions: resubmissions[0]!, cases, confirmation, classCompletion };
}
