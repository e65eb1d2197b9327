-- Steps 3 and 6: the registrar's enrolment records (学籍) and the admissions records (招生) that
-- submissions are compared with, the import runs that load them, and investigation cases.

create table public.import_runs (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('registrar', 'admissions')),
  file_name text not null check (length(file_name) <= 255),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  format text not null check (format in ('csv', 'xlsx')),
  encoding text,
  mapping jsonb not null default '{}'::jsonb,
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  total_rows integer not null default 0,
  inserted integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  error_rows integer not null default 0,
  failure text,
  started_by uuid not null references public.app_users (id),
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index import_runs_recent on public.import_runs (kind, started_at desc);

create table public.import_row_errors (
  id bigint generated always as identity primary key,
  run_id uuid not null references public.import_runs (id) on delete cascade,
  row_number integer not null,
  column_name text,
  code text not null,
  created_at timestamptz not null default now()
);
create index import_row_errors_by_run on public.import_row_errors (run_id, row_number);

create table public.registrar_records (
  student_number text primary key check (student_number ~ '^[A-Za-z0-9]{4,20}$'),
  name text not null,
  sex text check (sex in ('male', 'female')),
  birth_date date,
  id_type text not null,
  id_number_enc text not null,
  id_number_bidx text not null,
  id_number_mask text not null,
  ethnicity text,
  department_id uuid not null references public.departments (id),
  major text,
  cohort integer not null check (cohort between 1950 and 2100),
  status text not null default 'enrolled',
  -- Hash of the normalized row: an identical re-import is recognised and changes nothing.
  row_hash text not null,
  import_run_id uuid references public.import_runs (id),
  updated_at timestamptz not null default now()
);
create index registrar_records_by_bidx on public.registrar_records (id_number_bidx);
create index registrar_records_by_department on public.registrar_records (department_id, cohort);

create table public.admissions_records (
  exam_number text primary key check (exam_number ~ '^[A-Za-z0-9]{6,20}$'),
  name text not null,
  sex text check (sex in ('male', 'female')),
  birth_date date,
  id_number_enc text not null,
  id_number_bidx text not null,
  id_number_mask text not null,
  department_id uuid references public.departments (id),
  major text,
  admission_year integer not null check (admission_year between 1950 and 2100),
  row_hash text not null,
  import_run_id uuid references public.import_runs (id),
  updated_at timestamptz not null default now()
);
create index admissions_records_by_bidx on public.admissions_records (id_number_bidx);

create table public.cases (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null references public.students (id),
  record_id uuid references public.identity_records (id),
  related_student_id uuid references public.students (id),
  department_id uuid not null references public.departments (id),
  kind text not null check (kind in ('fraud_suspected', 'duplicate', 'anomaly')),
  source text not null check (source in ('escalation', 'duplicate_check', 'manual')),
  status text not null default 'open' check (status in ('open', 'investigating', 'awaiting_student', 'legal_consultation', 'closed')),
  legal_consultation boolean not null default false,
  assignee_id uuid references public.app_users (id),
  opened_by uuid references public.app_users (id),
  opened_at timestamptz not null default now(),
  outcome text check (outcome in ('verified', 'corrected', 'merged', 'rejected')),
  outcome_reason text check (length(outcome_reason) <= 2000),
  closed_at timestamptz,
  revision integer not null default 0,
  -- One open case per student and kind: a duplicate check that fires again joins the open case.
  constraint cases_closed_has_outcome check ((status = 'closed') = (outcome is not null))
);
create unique index cases_one_open on public.cases (student_id, kind) where status <> 'closed';
create index cases_by_status on public.cases (status, opened_at);

create table public.case_events (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references public.cases (id),
  actor_id uuid references public.app_users (id),
  kind text not null check (kind in ('opened', 'note', 'contact', 'document_request', 'document_received', 'status', 'assignment', 'legal', 'outcome')),
  body text check (length(body) <= 4000),
  details jsonb not null default '{}'::jsonb,
  document_id uuid references public.documents (id),
  visible_to_student boolean not null default false,
  created_at timestamptz not null default now()
);
create index case_events_by_case on public.case_events (case_id, created_at);

create trigger case_events_immutable before update or delete on public.case_events
  for each row execute function app.forbid_change();
create trigger import_row_errors_immutable before update or delete on public.import_row_errors
  for each row execute function app.forbid_change();

create function app.bump_revision() returns trigger language plpgsql as $$
begin
  new.revision := old.revision + 1;
  return new;
end $$;
create trigger cases_revision before update on public.cases for each row execute function app.bump_revision();

-- Reviewers involved in a case: the one who escalated it, the assignee, and anyone who wrote in it.
create function app.involved_in_case(p_case uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.cases c where c.id = p_case and (c.opened_by = auth.uid() or c.assignee_id = auth.uid()))
      or exists (select 1 from public.case_events e where e.case_id = p_case and e.actor_id = auth.uid())
$$;
revoke execute on function app.involved_in_case(uuid) from public;
grant execute on function app.involved_in_case(uuid) to authenticated;

-- ------------------------------------------------------------------ RLS

alter table public.import_runs enable row level security;
alter table public.import_row_errors enable row level security;
alter table public.registrar_records enable row level security;
alter table public.admissions_records enable row level security;
alter table public.cases enable row level security;
alter table public.case_events enable row level security;

revoke all on public.import_runs, public.import_row_errors, public.registrar_records, public.admissions_records,
  public.cases, public.case_events from anon, authenticated;

-- Imports are the registrar's.
grant select, insert, update on public.import_runs to authenticated;
grant select, insert on public.import_row_errors to authenticated;
create policy import_runs_registrar on public.import_runs for all to authenticated
  using (app.has_role('registrar')) with check (app.has_role('registrar') and started_by = auth.uid());
create policy import_row_errors_registrar_read on public.import_row_errors for select to authenticated using (app.has_role('registrar'));
create policy import_row_errors_registrar_write on public.import_row_errors for insert to authenticated with check (app.has_role('registrar'));

-- Reference records: the registrar maintains them; reviewers read those of their departments to compare.
grant select, insert, update on public.registrar_records, public.admissions_records to authenticated;
create policy registrar_records_read on public.registrar_records for select to authenticated
  using (department_id in (select app.reviewable_departments()));
create policy registrar_records_write on public.registrar_records for insert to authenticated with check (app.has_role('registrar'));
create policy registrar_records_update on public.registrar_records for update to authenticated
  using (app.has_role('registrar')) with check (app.has_role('registrar'));
create policy admissions_records_read on public.admissions_records for select to authenticated
  using (department_id in (select app.reviewable_departments()) or app.has_role('registrar'));
create policy admissions_records_write on public.admissions_records for insert to authenticated with check (app.has_role('registrar'));
create policy admissions_records_update on public.admissions_records for update to authenticated
  using (app.has_role('registrar')) with check (app.has_role('registrar'));

-- Cases: the registrar (verification office) and the reviewers involved; students see only the
-- events addressed to them (document requests) of cases about them.
grant select, insert on public.cases to authenticated;
grant update (status, legal_consultation, assignee_id, outcome, outcome_reason, closed_at) on public.cases to authenticated;
grant select, insert on public.case_events to authenticated;
create policy cases_registrar on public.cases for select to authenticated using (app.has_role('registrar'));
create policy cases_involved on public.cases for select to authenticated using (app.involved_in_case(id));
create policy cases_open on public.cases for insert to authenticated
  with check (opened_by = auth.uid() and (app.has_role('registrar') or department_id in (select app.reviewable_departments())));
create policy cases_update on public.cases for update to authenticated
  using (app.has_role('registrar')) with check (app.has_role('registrar'));
create policy case_events_staff_read on public.case_events for select to authenticated
  using (app.has_role('registrar') or app.involved_in_case(case_id));
create policy case_events_student_read on public.case_events for select to authenticated
  using (visible_to_student and case_id in (select c.id from public.cases c where c.student_id = app.my_student_id()));
create policy case_events_staff_write on public.case_events for insert to authenticated
  with check (actor_id = auth.uid() and (app.has_role('registrar') or app.involved_in_case(case_id)
              or case_id in (select c.id from public.cases c where c.opened_by = auth.uid())));
create policy case_events_student_write on public.case_events for insert to authenticated
  with check (actor_id = auth.uid() and kind = 'document_received' and visible_to_student
              and case_id in (select c.id from public.cases c where c.student_id = app.my_student_id()));
