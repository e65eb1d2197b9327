-- Step 5: every semester each student confirms their verified data or asks for a correction
-- with evidence, before a deadline.

-- Which fields a student may change, and how. An admin sets the tiers; the defaults follow the
-- registrar's practice: contact details are the student's own business, identity fields need
-- evidence and a reviewer, the student number never changes online.
create table public.field_policies (
  field text primary key check (field in ('legalName', 'latinName', 'sex', 'birthDate', 'ethnicity', 'idType', 'idNumber', 'idIssuingCountry', 'phone', 'email', 'studentNumber', 'department', 'cohort')),
  tier text not null check (tier in ('self_service', 'approval', 'locked')),
  contact_zh text check (length(contact_zh) <= 200),
  contact_en text check (length(contact_en) <= 200),
  updated_by uuid references public.app_users (id),
  updated_at timestamptz not null default now()
);
insert into public.field_policies (field, tier, contact_zh, contact_en) values
  ('phone', 'self_service', null, null),
  ('email', 'self_service', null, null),
  ('legalName', 'approval', null, null),
  ('latinName', 'approval', null, null),
  ('sex', 'approval', null, null),
  ('birthDate', 'approval', null, null),
  ('ethnicity', 'approval', null, null),
  ('idType', 'approval', null, null),
  ('idNumber', 'approval', null, null),
  ('idIssuingCountry', 'approval', null, null),
  ('studentNumber', 'locked', '学号由学籍管理科维护，请联系学院教务办公室。', 'Student numbers are kept by the registrar: contact your school office.'),
  ('department', 'locked', '转专业、转学院请按学校学籍异动流程办理。', 'Changes of school follow the registrar''s transfer procedure.'),
  ('cohort', 'locked', '年级变更（休学、复学）请联系学籍管理科。', 'Cohort changes (leave, return) go through the registrar.');

alter table public.identity_versions drop constraint identity_versions_source_check;
alter table public.identity_versions add constraint identity_versions_source_check
  check (source in ('student', 'correction', 'registrar', 'self_service'));

create table public.campaigns (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  semester text not null check (length(semester) between 1 and 50),
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  -- Empty arrays mean "all": all departments, all cohorts.
  department_ids uuid[] not null default '{}',
  cohorts integer[] not null default '{}',
  sections text[] not null default array['identity', 'document', 'contact'],
  status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
  created_by uuid not null references public.app_users (id),
  created_at timestamptz not null default now(),
  opened_at timestamptz,
  closed_at timestamptz,
  revision integer not null default 0,
  check (closes_at > opens_at)
);
create trigger campaigns_revision before update on public.campaigns for each row execute function app.bump_revision();

create table public.confirmation_tasks (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null references public.campaigns (id),
  student_id uuid not null references public.students (id),
  department_id uuid not null references public.departments (id),
  cohort integer not null,
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'correction_pending', 'overdue')),
  opened_sections text[] not null default '{}',
  confirmed_at timestamptz,
  confirmed_version_id uuid references public.identity_versions (id),
  correction_request_id uuid,
  last_reminded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (campaign_id, student_id)
);
create index confirmation_tasks_by_student on public.confirmation_tasks (student_id, status);
create index confirmation_tasks_dashboard on public.confirmation_tasks (campaign_id, department_id, cohort, status);

create table public.correction_requests (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null references public.students (id),
  record_id uuid not null references public.identity_records (id),
  department_id uuid not null references public.departments (id),
  task_id uuid references public.confirmation_tasks (id),
  base_version_id uuid not null references public.identity_versions (id),
  -- { field: { "from": old, "to": new } } — the ID number appears only masked here; its new value
  -- is encrypted in new_id_number_enc.
  changes jsonb not null,
  new_id_number_enc text,
  reason text not null check (length(reason) between 1 and 1000),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'withdrawn')),
  decided_by uuid references public.app_users (id),
  decided_at timestamptz,
  reject_code text,
  reject_comment text check (length(reject_comment) <= 1000),
  result_version_id uuid references public.identity_versions (id),
  revision integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- A second request while one is pending updates it instead of competing with it.
create unique index correction_requests_one_pending on public.correction_requests (student_id) where status = 'pending';
create index correction_requests_queue on public.correction_requests (department_id, status, created_at);
create trigger correction_requests_revision before update on public.correction_requests for each row execute function app.bump_revision();

alter table public.confirmation_tasks add constraint confirmation_tasks_correction
  foreign key (correction_request_id) references public.correction_requests (id);

create table public.correction_documents (
  request_id uuid not null references public.correction_requests (id),
  document_id uuid not null references public.documents (id),
  primary key (request_id, document_id)
);

-- In-app notices (reminders, correction outcomes) and their deliveries through other channels.
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.app_users (id),
  kind text not null check (kind in ('reminder', 'correction_outcome')),
  params jsonb not null default '{}'::jsonb,
  -- The same reminder action retried, or sent twice, produces one notice per student.
  idempotency_key text not null unique,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_by_user on public.notifications (user_id, created_at desc);

create table public.notification_deliveries (
  id uuid primary key default gen_random_uuid(),
  notification_id uuid not null references public.notifications (id),
  channel text not null check (channel in ('email')),
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  unique (notification_id, channel)
);
create index notification_deliveries_queued on public.notification_deliveries (status, created_at) where status = 'queued';

create table public.reminder_batches (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null references public.campaigns (id),
  department_id uuid not null references public.departments (id),
  idempotency_key uuid not null unique,
  recipients integer not null,
  sent_by uuid not null references public.app_users (id),
  sent_at timestamptz not null default now()
);

create function app.campaign_open_for(p_campaign uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.campaigns c where c.id = p_campaign and c.status = 'open' and now() between c.opens_at and c.closes_at)
$$;
revoke execute on function app.campaign_open_for(uuid) from public;
grant execute on function app.campaign_open_for(uuid) to authenticated;

-- ------------------------------------------------------------------ RLS

alter table public.field_policies enable row level security;
alter table public.campaigns enable row level security;
alter table public.confirmation_tasks enable row level security;
alter table public.correction_requests enable row level security;
alter table public.correction_documents enable row level security;
alter table public.notifications enable row level security;
alter table public.notification_deliveries enable row level security;
alter table public.reminder_batches enable row level security;

revoke all on public.field_policies, public.campaigns, public.confirmation_tasks, public.correction_requests,
  public.correction_documents, public.notifications, public.notification_deliveries, public.reminder_batches from anon, authenticated;

grant select on public.field_policies to authenticated;
grant update (tier, contact_zh, contact_en, updated_by, updated_at) on public.field_policies to authenticated;
create policy field_policies_read on public.field_policies for select to authenticated using (true);
create policy field_policies_admin on public.field_policies for update to authenticated
  using (app.has_role('admin')) with check (app.has_role('admin') and updated_by = auth.uid());

-- Campaigns: the registrar runs them; reviewers and students read them (a student only sees
-- campaigns through their own tasks, but the campaign row itself holds no personal data).
grant select, insert on public.campaigns to authenticated;
grant update (name, status, opens_at, closes_at, opened_at, closed_at) on public.campaigns to authenticated;
create policy campaigns_read on public.campaigns for select to authenticated using (true);
create policy campaigns_registrar_insert on public.campaigns for insert to authenticated
  with check (app.has_role('registrar') and created_by = auth.uid() and status = 'draft');
-- A closed campaign is read-only.
create policy campaigns_registrar_update on public.campaigns for update to authenticated
  using (app.has_role('registrar') and status <> 'closed') with check (app.has_role('registrar'));

grant select, insert on public.confirmation_tasks to authenticated;
grant update (status, opened_sections, confirmed_at, confirmed_version_id, correction_request_id, last_reminded_at, updated_at)
  on public.confirmation_tasks to authenticated;
create policy tasks_student_read on public.confirmation_tasks for select to authenticated using (student_id = app.my_student_id());
create policy tasks_staff_read on public.confirmation_tasks for select to authenticated using (department_id in (select app.reviewable_departments()));
create policy tasks_registrar_insert on public.confirmation_tasks for insert to authenticated with check (app.has_role('registrar'));
-- A student works on their own task only while its campaign is open (the deadline is enforced here too).
create policy tasks_student_update on public.confirmation_tasks for update to authenticated
  using (student_id = app.my_student_id() and status in ('pending', 'correction_pending') and app.campaign_open_for(campaign_id))
  with check (student_id = app.my_student_id() and status in ('pending', 'confirmed', 'correction_pending'));
create policy tasks_staff_update on public.confirmation_tasks for update to authenticated
  using (department_id in (select app.reviewable_departments())) with check (department_id in (select app.reviewable_departments()));

grant select, insert on public.correction_requests to authenticated;
grant update (changes, new_id_number_enc, reason, status, decided_by, decided_at, reject_code, reject_comment, result_version_id, updated_at, base_version_id, task_id)
  on public.correction_requests to authenticated;
create policy corrections_student_read on public.correction_requests for select to authenticated using (student_id = app.my_student_id());
create policy corrections_staff_read on public.correction_requests for select to authenticated using (department_id in (select app.reviewable_departments()));
create policy corrections_student_insert on public.correction_requests for insert to authenticated
  with check (student_id = app.my_student_id() and status = 'pending' and decided_by is null and result_version_id is null);
create policy corrections_student_update on public.correction_requests for update to authenticated
  using (student_id = app.my_student_id() and status = 'pending')
  with check (student_id = app.my_student_id() and status in ('pending', 'withdrawn') and decided_by is null and result_version_id is null);
create policy corrections_staff_decide on public.correction_requests for update to authenticated
  using (department_id in (select app.reviewable_departments()) and status = 'pending')
  with check (department_id in (select app.reviewable_departments()) and decided_by = auth.uid());

grant select, insert on public.correction_documents to authenticated;
create policy correction_documents_read on public.correction_documents for select to authenticated
  using (request_id in (select id from public.correction_requests));
create policy correction_documents_student_insert on public.correction_documents for insert to authenticated
  with check (request_id in (select id from public.correction_requests where student_id = app.my_student_id() and status = 'pending')
              and document_id in (select id from public.documents where student_id = app.my_student_id()));

-- Reviewers may insert new versions when approving a correction of their departments' students.
create policy versions_staff_correction_insert on public.identity_versions for insert to authenticated
  with check (source = 'correction' and submitted_by = auth.uid()
              and record_id in (select id from public.identity_records where department_id in (select app.reviewable_departments())));
create policy versions_student_self_service on public.identity_versions for insert to authenticated
  with check (source = 'self_service' and student_id = app.my_student_id() and submitted_by = auth.uid()
              and record_id in (select id from public.identity_records where student_id = app.my_student_id() and state = 'verified'));
create policy version_documents_staff_insert on public.version_documents for insert to authenticated
  with check (version_id in (select v.id from public.identity_versions v where v.source = 'correction' and v.submitted_by = auth.uid()));

grant select on public.notifications to authenticated;
grant update (read_at) on public.notifications to authenticated;
create policy notifications_own on public.notifications for select to authenticated using (user_id = auth.uid());
create policy notifications_mark_read on public.notifications for update to authenticated using (user_id = auth.uid()) with check (user_id = auth.uid());

grant select on public.notification_deliveries, public.reminder_batches to authenticated;
create policy deliveries_registrar on public.notification_deliveries for select to authenticated using (app.has_role('registrar'));
create policy reminder_batches_staff on public.reminder_batches for select to authenticated
  using (department_id in (select app.reviewable_departments()));

-- A self-service change (phone, email) takes effect at once: the student's new version becomes
-- the verified one. Students have no update right on verified records, so this narrow definer
-- function does exactly that and nothing else: only the caller's own self-service version of
-- their own verified record, changing only fields whose tier is self_service.
create function app.apply_self_service(p_version uuid) returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  v public.identity_versions;
  prev public.identity_versions;
  r public.identity_records;
begin
  select * into v from public.identity_versions where id = p_version;
  select * into r from public.identity_records where id = v.record_id for update;
  if v.id is null or v.source <> 'self_service' or v.submitted_by <> auth.uid()
     or r.student_id <> app.my_student_id() or r.state <> 'verified' then
    raise exception 'not a self-service version of your verified record' using errcode = 'insufficient_privilege';
  end if;
  select * into prev from public.identity_versions where id = r.verified_version_id;
  if (v.legal_name, v.latin_name, v.sex, v.birth_date, v.ethnicity, v.id_type, v.id_issuing_country, v.id_number_bidx)
     is distinct from (prev.legal_name, prev.latin_name, prev.sex, prev.birth_date, prev.ethnicity, prev.id_type, prev.id_issuing_country, prev.id_number_bidx)
     or (v.phone is distinct from prev.phone and (select tier from public.field_policies where field = 'phone') <> 'self_service')
     or (v.email is distinct from prev.email and (select tier from public.field_policies where field = 'email') <> 'self_service') then
    raise exception 'a self-service version may change self-service fields only' using errcode = 'insufficient_privilege';
  end if;
  update public.identity_records set current_version_id = v.id, verified_version_id = v.id where id = r.id;
end $$;
revoke execute on function app.apply_self_service(uuid) from public;
grant execute on function app.apply_self_service(uuid) to authenticated;

-- Staff notify the students of their departments (reminders, correction outcomes), and see what
-- was sent to them (INSERT ... ON CONFLICT / RETURNING also need the row to be readable).
grant insert on public.notifications to authenticated;
create policy notifications_staff_read on public.notifications for select to authenticated
  using (user_id in (select s.user_id from public.students s where s.department_id in (select app.reviewable_departments())));
create policy notifications_staff_insert on public.notifications for insert to authenticated
  with check (user_id in (select s.user_id from public.students s where s.department_id in (select app.reviewable_departments())));
grant insert on public.reminder_batches to authenticated;
create policy reminder_batches_insert on public.reminder_batches for insert to authenticated
  with check (sent_by = auth.uid() and department_id in (select app.reviewable_departments()));

-- Every notification is also offered to the e-mail channel; the delivery worker (a system job)
-- sends or skips it and records the outcome.
create function app.queue_deliveries() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.notification_deliveries (notification_id, channel) values (new.id, 'email') on conflict do nothing;
  return new;
end $$;
create trigger notifications_queue after insert on public.notifications for each row execute function app.queue_deliveries();
