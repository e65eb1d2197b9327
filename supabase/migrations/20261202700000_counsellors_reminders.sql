-- Issue 12, part 1 and 2: classes (班级), majors and contact details on the roster; counsellors
-- (辅导员) scoped to classes; a reminders log that records who was reached by which channel.

-- ------------------------------------------------------------------ roster
-- Class and major come from the registrar's 学籍 export; e-mail and phone are the registrar's
-- contact details, the only way to reach a student who has never signed in.
alter table public.students
  add column class_name text check (length(class_name) between 1 and 50),
  add column major text check (length(major) between 1 and 100),
  add column email text check (length(email) between 3 and 254 and email like '%@%'),
  add column phone text check (phone ~ '^\+?[0-9 -]{5,20}$');
create index students_by_class on public.students (class_name, student_number) where class_name is not null;

-- ------------------------------------------------------------------ counsellor role
-- Class names are unique across the campus (学院简称 + 专业 + 年级 + 班号, e.g. 计科2301), so a grant
-- names the class alone (decision 070).
alter table public.staff_roles add column class_name text check (length(class_name) between 1 and 50);

-- Adds 'counsellor' to whatever roles the check allows at this point, so another branch adding a
-- role of its own in a parallel migration is kept rather than overwritten.
do $$
declare
  def text;
  roles text[];
begin
  select pg_get_constraintdef(oid) into def from pg_constraint
  where conrelid = 'public.staff_roles'::regclass and conname = 'staff_roles_role_check';
  select array_agg(distinct m[1]) into roles from regexp_matches(def, '''([a-z_]+)''', 'g') as m;
  if not ('counsellor' = any (roles)) then roles := roles || 'counsellor'::text; end if;
  alter table public.staff_roles drop constraint staff_roles_role_check;
  execute format('alter table public.staff_roles add constraint staff_roles_role_check check (role = any (%L::text[]))', roles);
end $$;

alter table public.staff_roles add constraint staff_roles_counsellor_scope check ((role = 'counsellor') = (class_name is not null));
drop index public.staff_roles_one_active_grant;
create unique index staff_roles_one_active_grant on public.staff_roles
  (user_id, role, coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(office_code, ''), coalesce(class_name, ''))
  where revoked_at is null;
create index staff_roles_counsellor_classes on public.staff_roles (user_id, class_name) where role = 'counsellor' and revoked_at is null;

-- The classes granted to the caller.
create function app.my_classes() returns setof text
language sql stable security definer set search_path = '' as $$
  select r.class_name from public.staff_roles r join public.app_users u on u.id = r.user_id
  where r.user_id = auth.uid() and r.role = 'counsellor' and r.revoked_at is null and u.disabled_at is null
$$;

-- The roster ids of the caller's classes' students (for policies on other tables, without
-- recursing into the students policies).
create function app.class_students() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select s.id from public.students s where s.class_name in (select app.my_classes())
$$;

-- What a counsellor may know of a record: its state, never its data. identity_records holds the
-- encrypted draft ID number, so counsellors get no policy on it; this returns four columns only.
create function app.class_record_states()
returns table (student_id uuid, state text, return_count integer, submitted_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select r.student_id, r.state, r.return_count, r.submitted_at from public.identity_records r
  where r.student_id in (select app.class_students())
$$;

revoke execute on function app.my_classes(), app.class_students(), app.class_record_states() from public;
grant execute on function app.my_classes(), app.class_students(), app.class_record_states() to authenticated;

create policy students_counsellor_read on public.students for select to authenticated
  using (class_name in (select app.my_classes()));
create policy tasks_counsellor_read on public.confirmation_tasks for select to authenticated
  using (student_id in (select app.class_students()));

-- ------------------------------------------------------------------ campaign reminder schedule
-- Days before the deadline on which unfinished students are reminded automatically.
alter table public.campaigns add column reminder_offsets integer[] not null default '{7,3,1}'
  check (cardinality(reminder_offsets) <= 10 and 0 <= all (reminder_offsets) and 60 >= all (reminder_offsets));
grant update (reminder_offsets) on public.campaigns to authenticated;

-- ------------------------------------------------------------------ reminders log
-- One row per student, campaign and occasion: "offset:7" (the schedule), "counsellor:2026-12-02"
-- (a counsellor's one-tap reminder, once per day in Beijing time). The unique key makes every
-- producer idempotent: a retried job or a second tap inserts nothing.
create table public.reminder_log (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null references public.campaigns (id),
  student_id uuid not null references public.students (id),
  reminder_key text not null check (reminder_key ~ '^(offset:[0-9]{1,2}|counsellor:[0-9]{4}-[0-9]{2}-[0-9]{2}|staff:[0-9a-f-]{36})$'),
  source text not null check (source in ('schedule', 'counsellor', 'staff')),
  requested_by uuid references public.app_users (id),
  status text not null default 'queued' check (status in ('queued', 'sent', 'unreachable', 'failed')),
  -- The channels that accepted the message (email, sms, wecom); empty until sent.
  channels text[] not null default '{}',
  attempts integer not null default 0,
  last_error text check (length(last_error) <= 500),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (campaign_id, student_id, reminder_key)
);
create index reminder_log_queued on public.reminder_log (created_at) where status = 'queued';
create index reminder_log_by_campaign on public.reminder_log (campaign_id, student_id, created_at desc);

alter table public.reminder_log enable row level security;
revoke all on public.reminder_log from anon, authenticated;
grant select, insert on public.reminder_log to authenticated;
create policy reminder_log_registrar_read on public.reminder_log for select to authenticated
  using ((select app.has_role('registrar')));
create policy reminder_log_reviewer_read on public.reminder_log for select to authenticated
  using (student_id in (select s.id from public.students s where s.department_id in (select app.reviewable_departments())));
create policy reminder_log_counsellor_read on public.reminder_log for select to authenticated
  using (student_id in (select app.class_students()));
-- A counsellor queues reminders for their own classes' students; the delivery job sends them.
create policy reminder_log_counsellor_insert on public.reminder_log for insert to authenticated
  with check (source = 'counsellor' and requested_by = auth.uid() and status = 'queued' and channels = '{}'
              and student_id in (select app.class_students()));
