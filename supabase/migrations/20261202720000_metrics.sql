-- Issue 12, part 4: process metrics. Decisions and return reasons are rolled up into two small
-- fact tables by app.refresh_metrics() (a job; incremental: only events after the last one rolled
-- up), so the metrics page reads thousands of rows instead of joining every review event with
-- the submission before it (decision 074).

create table public.metrics_decisions (
  event_id uuid primary key,
  record_id uuid not null,
  department_id uuid not null,
  class_name text,
  decided_at timestamptz not null,
  week date not null,
  kind text not null check (kind in ('verified', 'returned', 'escalated')),
  seconds integer not null,
  decided_by uuid
);
create index metrics_decisions_week on public.metrics_decisions (department_id, week);
create index metrics_decisions_class on public.metrics_decisions (class_name, week) where class_name is not null;

create table public.metrics_return_reasons (
  event_id uuid not null,
  department_id uuid not null,
  class_name text,
  week date not null,
  target text not null,
  primary key (event_id, target)
);
create index metrics_return_reasons_week on public.metrics_return_reasons (department_id, week);

create index review_events_by_kind_time on public.review_events (kind, created_at);

create function app.refresh_metrics() returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  since timestamptz;
  n integer;
begin
  select coalesce(max(decided_at), '-infinity'::timestamptz) into since from public.metrics_decisions;
  with ins as (
    insert into public.metrics_decisions (event_id, record_id, department_id, class_name, decided_at, week, kind, seconds, decided_by)
    select e.id, e.record_id, r.department_id, s.class_name, e.created_at,
           date_trunc('week', e.created_at at time zone 'Asia/Shanghai')::date, e.kind,
           greatest(0, extract(epoch from e.created_at - sub.created_at))::int, e.actor_id
    from public.review_events e
    join public.identity_records r on r.id = e.record_id
    join public.students s on s.id = r.student_id
    cross join lateral (
      select p.created_at from public.review_events p
      where p.record_id = e.record_id and p.kind in ('submitted', 'resubmitted') and p.created_at <= e.created_at
      order by p.created_at desc limit 1
    ) sub
    where e.kind in ('verified', 'returned', 'escalated') and e.created_at > since
    on conflict (event_id) do nothing
    returning event_id, department_id, class_name, week, kind
  ), reasons as (
    insert into public.metrics_return_reasons (event_id, department_id, class_name, week, target)
    select distinct i.event_id, i.department_id, i.class_name, i.week, x->>'target'
    from ins i join public.review_events e on e.id = i.event_id
    cross join lateral jsonb_array_elements(case when jsonb_typeof(e.reasons) = 'array' then e.reasons else '[]'::jsonb end) x
    where i.kind = 'returned' and x->>'target' is not null
    on conflict do nothing
    returning 1
  )
  select count(*) into n from ins;
  return n;
end $$;
revoke execute on function app.refresh_metrics() from public;

alter table public.metrics_decisions enable row level security;
alter table public.metrics_return_reasons enable row level security;
revoke all on public.metrics_decisions, public.metrics_return_reasons from anon, authenticated;
grant select on public.metrics_decisions, public.metrics_return_reasons to authenticated;
-- The verification office sees every department; a reviewer their own (reviewable_departments).
create policy metrics_decisions_read on public.metrics_decisions for select to authenticated
  using (department_id in (select app.reviewable_departments()));
create policy metrics_return_reasons_read on public.metrics_return_reasons for select to authenticated
  using (department_id in (select app.reviewable_departments()));
