-- Steps 1–2: the student's identity record, its immutable submitted versions, the ID photos,
-- the automatic checks, review events and the privacy-notice acknowledgement.

-- Departments a staff member may review: every department for the registrar (verification
-- office), the granted ones for a reviewer. A set-returning helper lets policies say
-- `department_id in (select app.reviewable_departments())`, evaluated once per query rather than
-- once per row — the review queue scans many rows.
create function app.reviewable_departments() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select d.id from public.departments d
  where exists (
    select 1 from public.staff_roles r join public.app_users u on u.id = r.user_id
    where r.user_id = auth.uid() and r.revoked_at is null and u.disabled_at is null
      and (r.role = 'registrar' or (r.role = 'reviewer' and r.department_id = d.id))
  )
$$;
revoke execute on function app.reviewable_departments() from public;
grant execute on function app.reviewable_departments() to authenticated;

create table public.identity_records (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null unique references public.students (id),
  -- Copied from the roster (kept in step by a trigger) so policies and the queue filter on an index.
  department_id uuid not null references public.departments (id),
  state text not null default 'draft'
    check (state in ('draft', 'submitted', 'in_review', 'returned', 'verified', 'escalated')),
  current_version_id uuid,
  verified_version_id uuid,
  return_count integer not null default 0 check (return_count >= 0),
  -- Bumped by every change; a decision names the revision it was made on (optimistic concurrency).
  revision integer not null default 0,
  draft jsonb not null default '{}'::jsonb,
  draft_id_number_enc text,
  draft_updated_at timestamptz,
  assigned_to uuid references public.app_users (id),
  claimed_at timestamptz,
  submitted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index identity_records_queue on public.identity_records (department_id, state, submitted_at);

create table public.identity_versions (
  id uuid primary key default gen_random_uuid(),
  record_id uuid not null references public.identity_records (id),
  student_id uuid not null references public.students (id),
  seq integer not null check (seq >= 1),
  idempotency_key uuid not null,
  source text not null default 'student' check (source in ('student', 'correction', 'registrar')),
  legal_name text not null check (length(legal_name) between 1 and 50),
  latin_name text check (length(latin_name) <= 100),
  sex text not null check (sex in ('male', 'female')),
  birth_date date not null,
  ethnicity text not null check (length(ethnicity) between 1 and 40),
  id_type text not null check (id_type in ('cn_resident', 'hmt_residence_permit', 'hk_macau_permit', 'taiwan_permit', 'foreign_permanent_resident', 'passport')),
  id_issuing_country text check (id_issuing_country ~ '^[A-Z]{3}$'),
  id_number_enc text not null,
  id_number_bidx text not null,
  id_number_mask text not null,
  phone text not null,
  email text not null,
  submitted_by uuid not null references public.app_users (id),
  created_at timestamptz not null default now(),
  unique (record_id, seq),
  -- A retried or double-tapped submit carries the same key and finds the first version.
  unique (student_id, idempotency_key)
);
create index identity_versions_by_bidx on public.identity_versions (id_number_bidx);
create index identity_versions_by_student on public.identity_versions (student_id, seq desc);

alter table public.identity_records
  add constraint identity_records_current_version foreign key (current_version_id) references public.identity_versions (id),
  add constraint identity_records_verified_version foreign key (verified_version_id) references public.identity_versions (id);

create table public.documents (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null references public.students (id),
  kind text not null check (kind in ('id_front', 'id_back', 'passport_data', 'evidence')),
  -- Where the phone uploads the original; deleted once the cleaned copy exists (it carries EXIF).
  upload_key text not null unique,
  object_key text unique,
  thumb_key text unique,
  status text not null default 'pending' check (status in ('pending', 'ready', 'rejected')),
  reject_code text,
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  mime text,
  bytes integer,
  width integer,
  height integer,
  uploaded_by uuid not null references public.app_users (id),
  created_at timestamptz not null default now(),
  processed_at timestamptz
);
create index documents_by_student on public.documents (student_id, kind, created_at desc);
create index documents_by_sha on public.documents (sha256) where sha256 is not null;

create table public.version_documents (
  version_id uuid not null references public.identity_versions (id),
  document_id uuid not null references public.documents (id),
  kind text not null,
  primary key (version_id, kind)
);
create index version_documents_by_document on public.version_documents (document_id);

create table public.checks (
  id bigint generated always as identity primary key,
  version_id uuid not null references public.identity_versions (id),
  rule text not null,
  field text,
  severity text not null check (severity in ('error', 'warning', 'info')),
  code text not null,
  -- Format checks at submit are about the student's own input and shown to them; comparisons
  -- with the registrar's records are for staff.
  visible_to_student boolean not null default false,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index checks_by_version on public.checks (version_id);

create table public.review_events (
  id uuid primary key default gen_random_uuid(),
  record_id uuid not null references public.identity_records (id),
  version_id uuid references public.identity_versions (id),
  actor_id uuid references public.app_users (id),
  kind text not null check (kind in ('submitted', 'resubmitted', 'claimed', 'released', 'returned', 'verified', 'escalated', 'note')),
  -- [{ "target": "field:legal_name" | "document:id_front", "code": "...", "comment": "..." }]
  reasons jsonb not null default '[]'::jsonb,
  comment text check (length(comment) <= 2000),
  visible_to_student boolean not null default false,
  created_at timestamptz not null default now()
);
create index review_events_by_record on public.review_events (record_id, created_at);

create table public.consents (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null references public.students (id),
  user_id uuid not null references public.app_users (id),
  notice_version text not null,
  acknowledged_at timestamptz not null default now(),
  ip text,
  user_agent text,
  unique (student_id, notice_version)
);

-- ------------------------------------------------------------------ integrity

-- Versions, their photo links and review events are history: never rewritten, by anyone.
create trigger identity_versions_immutable before update or delete on public.identity_versions
  for each row execute function app.forbid_change();
create trigger version_documents_immutable before update or delete on public.version_documents
  for each row execute function app.forbid_change();
create trigger review_events_immutable before update or delete on public.review_events
  for each row execute function app.forbid_change();
create trigger consents_immutable before update or delete on public.consents
  for each row execute function app.forbid_change();
create trigger checks_immutable before update or delete on public.checks
  for each row execute function app.forbid_change();

create function app.identity_record_defaults() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    select s.department_id into new.department_id from public.students s where s.id = new.student_id;
    return new;
  end if;
  -- The one table of allowed state changes, for every role, the owner included.
  if new.state is distinct from old.state and not (
       (old.state, new.state) in (
         ('draft', 'submitted'), ('returned', 'submitted'),
         ('submitted', 'in_review'), ('in_review', 'submitted'),
         ('submitted', 'returned'), ('in_review', 'returned'),
         ('submitted', 'verified'), ('in_review', 'verified'),
         ('submitted', 'escalated'), ('in_review', 'escalated'), ('returned', 'escalated'),
         ('escalated', 'verified'), ('escalated', 'returned'), ('escalated', 'in_review'),
         ('verified', 'submitted'), ('verified', 'escalated'))) then
    raise exception 'identity record cannot go from % to %', old.state, new.state using errcode = 'check_violation';
  end if;
  new.revision := old.revision + 1;
  new.updated_at := now();
  return new;
end $$;
create trigger identity_records_defaults before insert or update on public.identity_records
  for each row execute function app.identity_record_defaults();

create function app.follow_student_department() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.department_id is distinct from old.department_id then
    update public.identity_records set department_id = new.department_id where student_id = new.id;
  end if;
  return new;
end $$;
create trigger students_department_follow after update of department_id on public.students
  for each row execute function app.follow_student_department();

-- ------------------------------------------------------------------ RLS

alter table public.identity_records enable row level security;
alter table public.identity_versions enable row level security;
alter table public.documents enable row level security;
alter table public.version_documents enable row level security;
alter table public.checks enable row level security;
alter table public.review_events enable row level security;
alter table public.consents enable row level security;

revoke all on public.identity_records, public.identity_versions, public.documents, public.version_documents,
  public.checks, public.review_events, public.consents from anon, authenticated;

-- Policies on identity_versions read identity_records; this check goes the other way, so it runs
-- as definer to keep the two tables' policies from recursing into each other.
create function app.version_of_record(p_version uuid, p_record uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.identity_versions v where v.id = p_version and v.record_id = p_record)
$$;
revoke execute on function app.version_of_record(uuid, uuid) from public;
grant execute on function app.version_of_record(uuid, uuid) to authenticated;

-- Records: the student their own; reviewers their departments'; the registrar all.
grant select, insert on public.identity_records to authenticated;
grant update (state, current_version_id, submitted_at, draft, draft_id_number_enc, draft_updated_at,
  verified_version_id, return_count, assigned_to, claimed_at) on public.identity_records to authenticated;
create policy records_student_read on public.identity_records for select to authenticated
  using (student_id = app.my_student_id());
create policy records_staff_read on public.identity_records for select to authenticated
  using (department_id in (select app.reviewable_departments()));
create policy records_student_create on public.identity_records for insert to authenticated
  with check (student_id = app.my_student_id() and state = 'draft' and current_version_id is null
              and verified_version_id is null and return_count = 0 and assigned_to is null);
-- A student edits the draft and submits; they can never verify, return, or touch staff columns.
create policy records_student_update on public.identity_records for update to authenticated
  using (student_id = app.my_student_id() and state in ('draft', 'returned'))
  with check (student_id = app.my_student_id() and state in ('draft', 'returned', 'submitted')
              and assigned_to is null
              and (current_version_id is null or app.version_of_record(current_version_id, id)));
create policy records_staff_update on public.identity_records for update to authenticated
  using (department_id in (select app.reviewable_departments()))
  with check (department_id in (select app.reviewable_departments()));

-- Versions: visible with their record; a student inserts their own submissions only.
grant select, insert on public.identity_versions to authenticated;
create policy versions_read on public.identity_versions for select to authenticated
  using (record_id in (select id from public.identity_records));
create policy versions_student_insert on public.identity_versions for insert to authenticated
  with check (student_id = app.my_student_id() and submitted_by = auth.uid() and source = 'student'
              and record_id in (select id from public.identity_records where student_id = app.my_student_id()));

-- Documents: the student's own, and staff of the student's department. Knowing an object key
-- gives nothing: files are served only through signed URLs minted after this check.
grant select, insert on public.documents to authenticated;
grant update (status, reject_code, object_key, thumb_key, sha256, mime, bytes, width, height, processed_at)
  on public.documents to authenticated;
create policy documents_student_read on public.documents for select to authenticated
  using (student_id = app.my_student_id());
create policy documents_staff_read on public.documents for select to authenticated
  using (student_id in (select r.student_id from public.identity_records r where r.department_id in (select app.reviewable_departments()))
         or student_id in (select s.id from public.students s where s.department_id in (select app.reviewable_departments())));
create policy documents_student_insert on public.documents for insert to authenticated
  with check (student_id = app.my_student_id() and uploaded_by = auth.uid() and status = 'pending'
              and object_key is null and sha256 is null);
create policy documents_student_process on public.documents for update to authenticated
  using (student_id = app.my_student_id() and status = 'pending')
  with check (student_id = app.my_student_id());

grant select, insert on public.version_documents to authenticated;
create policy version_documents_read on public.version_documents for select to authenticated
  using (version_id in (select id from public.identity_versions));
create policy version_documents_student_insert on public.version_documents for insert to authenticated
  with check (version_id in (select id from public.identity_versions where student_id = app.my_student_id())
              and document_id in (select id from public.documents where student_id = app.my_student_id() and status = 'ready'));

grant select, insert on public.checks to authenticated;
create policy checks_student_read on public.checks for select to authenticated
  using (visible_to_student and version_id in (select id from public.identity_versions where student_id = app.my_student_id()));
create policy checks_staff_read on public.checks for select to authenticated
  using (version_id in (select v.id from public.identity_versions v join public.identity_records r on r.id = v.record_id
                        where r.department_id in (select app.reviewable_departments())));
create policy checks_student_insert on public.checks for insert to authenticated
  with check (visible_to_student and version_id in (select id from public.identity_versions where student_id = app.my_student_id()));
create policy checks_staff_insert on public.checks for insert to authenticated
  with check (version_id in (select v.id from public.identity_versions v join public.identity_records r on r.id = v.record_id
                             where r.department_id in (select app.reviewable_departments())));

grant select, insert on public.review_events to authenticated;
create policy review_events_student_read on public.review_events for select to authenticated
  using (visible_to_student and record_id in (select id from public.identity_records where student_id = app.my_student_id()));
create policy review_events_staff_read on public.review_events for select to authenticated
  using (record_id in (select id from public.identity_records where department_id in (select app.reviewable_departments())));
create policy review_events_student_insert on public.review_events for insert to authenticated
  with check (actor_id = auth.uid() and kind in ('submitted', 'resubmitted') and visible_to_student
              and record_id in (select id from public.identity_records where student_id = app.my_student_id()));
create policy review_events_staff_insert on public.review_events for insert to authenticated
  with check (actor_id = auth.uid() and kind <> 'submitted' and kind <> 'resubmitted'
              and record_id in (select id from public.identity_records where department_id in (select app.reviewable_departments())));

grant select, insert on public.consents to authenticated;
create policy consents_student on public.consents for select to authenticated
  using (student_id = app.my_student_id());
create policy consents_registrar on public.consents for select to authenticated
  using (app.has_role('registrar'));
create policy consents_student_insert on public.consents for insert to authenticated
  with check (student_id = app.my_student_id() and user_id = auth.uid());
