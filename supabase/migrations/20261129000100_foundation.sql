-- Foundation: departments, offices, users, staff roles, the student roster and the audit log.
-- Every table has RLS from this first migration. Supabase grants new public tables to anon and
-- authenticated by default, so each table revokes everything first and grants back only what the
-- policies below are written for.

create schema if not exists app;
revoke all on schema app from public;
grant usage on schema app to anon, authenticated, service_role;

-- ------------------------------------------------------------------ tables

create table public.departments (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9_-]{1,32}$'),
  name_zh text not null check (length(name_zh) between 1 and 100),
  name_en text not null check (length(name_en) between 1 and 200),
  created_at timestamptz not null default now()
);

-- Offices that consume verified data (academic affairs, finance, logistics).
create table public.offices (
  code text primary key check (code ~ '^[a-z][a-z0-9_]{1,31}$'),
  name_zh text not null check (length(name_zh) between 1 and 100),
  name_en text not null check (length(name_en) between 1 and 200),
  created_at timestamptz not null default now()
);

-- A person as the campus identity provider knows them: (issuer, subject) is the stable key.
create table public.app_users (
  id uuid primary key default gen_random_uuid(),
  issuer text not null,
  subject text not null,
  display_name text,
  email text,
  affiliation text,
  student_number text,
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  disabled_at timestamptz,
  unique (issuer, subject)
);

create table public.staff_roles (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.app_users (id) on delete cascade,
  role text not null check (role in ('reviewer', 'registrar', 'office', 'auditor', 'admin')),
  department_id uuid references public.departments (id),
  office_code text references public.offices (code),
  granted_by uuid references public.app_users (id),
  granted_at timestamptz not null default now(),
  revoked_by uuid references public.app_users (id),
  revoked_at timestamptz,
  -- A reviewer is always scoped to one department per grant; an office reader to one office.
  constraint staff_roles_reviewer_scope check ((role = 'reviewer') = (department_id is not null)),
  constraint staff_roles_office_scope check ((role = 'office') = (office_code is not null)),
  constraint staff_roles_revocation check (revoked_by is null or revoked_at is not null)
);
create unique index staff_roles_one_active_grant on public.staff_roles
  (user_id, role, coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(office_code, ''))
  where revoked_at is null;
create index staff_roles_active_by_user on public.staff_roles (user_id) where revoked_at is null;

-- The roster: who is a student, filled from the registrar's enrolment records.
create table public.students (
  id uuid primary key default gen_random_uuid(),
  student_number text not null unique check (student_number ~ '^[A-Za-z0-9]{4,20}$'),
  name text not null check (length(name) between 1 and 50),
  department_id uuid not null references public.departments (id),
  cohort integer not null check (cohort between 1950 and 2100),
  user_id uuid unique references public.app_users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index students_by_department on public.students (department_id, cohort);

-- Append-only. No foreign keys: the trail must outlive the rows it describes.
create table public.audit_events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_id uuid,
  actor_role text,
  action text not null check (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  entity_type text not null,
  entity_id text,
  ip text,
  user_agent text,
  details jsonb not null default '{}'::jsonb
);
create index audit_events_by_time on public.audit_events (occurred_at desc);
create index audit_events_by_entity on public.audit_events (entity_type, entity_id, occurred_at desc);
create index audit_events_by_actor on public.audit_events (actor_id, occurred_at desc);

-- ------------------------------------------------------------------ helpers
-- security definer so that policies can consult staff_roles without recursing into its own RLS;
-- search_path is pinned so a caller cannot shadow the tables these read.

create function app.has_role(p_role text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.staff_roles r
    join public.app_users u on u.id = r.user_id
    where r.user_id = auth.uid() and r.role = p_role and r.revoked_at is null and u.disabled_at is null
  )
$$;

-- Registrar staff (the verification office) see every department; a reviewer only the
-- departments granted to them.
create function app.can_read_department(p_department uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.staff_roles r
    join public.app_users u on u.id = r.user_id
    where r.user_id = auth.uid() and r.revoked_at is null and u.disabled_at is null
      and (r.role = 'registrar' or (r.role = 'reviewer' and r.department_id = p_department))
  )
$$;

create function app.my_student_id() returns uuid
language sql stable security definer set search_path = '' as $$
  select s.id from public.students s join public.app_users u on u.id = s.user_id
  where s.user_id = auth.uid() and u.disabled_at is null
$$;

-- The one way rows enter the audit log from a user's transaction. The actor is taken from the
-- request's claims, never from the caller, so nobody can write events in someone else's name.
create function app.write_audit(
  p_action text, p_entity_type text, p_entity_id text, p_actor_role text,
  p_details jsonb, p_ip text, p_user_agent text
) returns bigint
language sql volatile security definer set search_path = '' as $$
  insert into public.audit_events (actor_id, actor_role, action, entity_type, entity_id, ip, user_agent, details)
  values (auth.uid(), p_actor_role, p_action, p_entity_type, p_entity_id,
          left(p_ip, 64), left(p_user_agent, 512), coalesce(p_details, '{}'::jsonb))
  returning id
$$;

revoke execute on all functions in schema app from public;
grant execute on function app.has_role(text), app.can_read_department(uuid), app.my_student_id() to authenticated;
grant execute on function app.write_audit(text, text, text, text, jsonb, text, text) to authenticated;

create function app.forbid_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
end $$;

-- Triggers fire for the owner and superusers too, so not even the migration role rewrites history.
create trigger audit_events_append_only before update or delete on public.audit_events
  for each row execute function app.forbid_change();
create trigger audit_events_no_truncate before truncate on public.audit_events
  for each statement execute function app.forbid_change();

create function app.touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;
create trigger students_touch before update on public.students
  for each row execute function app.touch_updated_at();

-- ------------------------------------------------------------------ RLS and grants

alter table public.departments enable row level security;
alter table public.offices enable row level security;
alter table public.app_users enable row level security;
alter table public.staff_roles enable row level security;
alter table public.students enable row level security;
alter table public.audit_events enable row level security;

revoke all on public.departments, public.offices, public.app_users, public.staff_roles,
  public.students, public.audit_events from anon, authenticated;

-- Department and office names are not personal data: every signed-in person may read them.
grant select on public.departments, public.offices to authenticated;
grant insert, update on public.departments, public.offices to authenticated;
create policy departments_read on public.departments for select to authenticated using (true);
create policy departments_admin_insert on public.departments for insert to authenticated with check (app.has_role('admin'));
create policy departments_admin_update on public.departments for update to authenticated using (app.has_role('admin')) with check (app.has_role('admin'));
create policy offices_read on public.offices for select to authenticated using (true);
create policy offices_admin_insert on public.offices for insert to authenticated with check (app.has_role('admin'));
create policy offices_admin_update on public.offices for update to authenticated using (app.has_role('admin')) with check (app.has_role('admin'));

-- Users: yourself; admins manage everyone. Accounts are created by provisioning (admin connection).
grant select on public.app_users to authenticated;
grant update (disabled_at) on public.app_users to authenticated;
create policy app_users_self on public.app_users for select to authenticated using (id = auth.uid());
create policy app_users_admin_read on public.app_users for select to authenticated using (app.has_role('admin'));
-- Auditors read who did what: the audit log names its actors.
create policy app_users_auditor_read on public.app_users for select to authenticated using (app.has_role('auditor'));
create policy app_users_admin_disable on public.app_users for update to authenticated
  using (app.has_role('admin')) with check (app.has_role('admin') and id <> auth.uid());

-- Staff roles: your own grants; admins grant and revoke. Revoking is an update of two columns only.
grant select, insert on public.staff_roles to authenticated;
grant update (revoked_at, revoked_by) on public.staff_roles to authenticated;
create policy staff_roles_self on public.staff_roles for select to authenticated using (user_id = auth.uid());
create policy staff_roles_admin_read on public.staff_roles for select to authenticated using (app.has_role('admin'));
create policy staff_roles_admin_grant on public.staff_roles for insert to authenticated
  with check (app.has_role('admin') and granted_by = auth.uid() and revoked_at is null);
create policy staff_roles_admin_revoke on public.staff_roles for update to authenticated
  using (app.has_role('admin') and revoked_at is null)
  with check (app.has_role('admin') and revoked_by = auth.uid());

-- Roster: a student their own row; reviewers their departments; the registrar every department
-- and is the one who maintains it.
grant select, insert, update on public.students to authenticated;
create policy students_self on public.students for select to authenticated using (user_id = auth.uid());
create policy students_staff_read on public.students for select to authenticated using (app.can_read_department(department_id));
create policy students_registrar_insert on public.students for insert to authenticated with check (app.has_role('registrar'));
create policy students_registrar_update on public.students for update to authenticated
  using (app.has_role('registrar')) with check (app.has_role('registrar'));

-- Audit: only auditors read; nobody inserts directly (app.write_audit) and nobody changes a row.
grant select on public.audit_events to authenticated;
create policy audit_events_auditor_read on public.audit_events for select to authenticated using (app.has_role('auditor'));
