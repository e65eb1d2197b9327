-- Step 3 (verify & compare): the comparison summary kept on the record for the review queue,
-- claims that are bookkeeping rather than changes, the queue's indexes, reviewers reading the
-- reference records of the students they review, duplicate detection across departments, and the
-- names of claiming colleagues.

-- ------------------------------------------------------------------ record columns

-- cohort is copied from the roster like department_id, so the queue filters on one table.
-- compared_* / mismatch_count / duplicate_suspected summarise the latest comparison of the
-- current version (the checks themselves are rows in public.checks).
alter table public.identity_records
  add column cohort integer,
  add column compared_version_id uuid references public.identity_versions (id),
  add column compared_at timestamptz,
  add column mismatch_count integer not null default 0 check (mismatch_count >= 0),
  add column duplicate_suspected boolean not null default false;

create or replace function app.identity_record_defaults() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  -- Columns whose change is bookkeeping, not a change of the record a decision is made on.
  bookkeeping constant text[] := array['assigned_to', 'claimed_at', 'compared_version_id', 'compared_at',
    'mismatch_count', 'duplicate_suspected', 'cohort', 'state', 'revision', 'updated_at'];
begin
  if tg_op = 'INSERT' then
    select s.department_id, s.cohort into new.department_id, new.cohort from public.students s where s.id = new.student_id;
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
  if new.current_version_id is distinct from old.current_version_id then
    -- A new version has not been compared yet, whatever the caller wrote.
    new.compared_version_id := null;
    new.compared_at := null;
    new.mismatch_count := 0;
    new.duplicate_suspected := false;
  elsif (new.compared_version_id, new.compared_at, new.mismatch_count, new.duplicate_suspected)
        is distinct from (old.compared_version_id, old.compared_at, old.mismatch_count, old.duplicate_suspected)
    -- Requests made for a person run under SET ROLE; system jobs (migrations, bulk comparison) do not.
    and coalesce(current_setting('role', true), 'none') <> 'none'
    and not app.can_read_department(new.department_id) then
    raise exception 'comparison results are written by the department''s reviewers' using errcode = 'insufficient_privilege';
  end if;
  -- The revision is what a decision is made on (optimistic concurrency). Claiming, refreshing a
  -- claim, releasing it (submitted <-> in_review) and recording a comparison change nothing a
  -- reviewer decides about, so they keep it: otherwise a reviewer's own activity on the review
  -- would make their decision look stale.
  new.revision := old.revision;
  if (to_jsonb(new) - bookkeeping) is distinct from (to_jsonb(old) - bookkeeping)
     or (new.state is distinct from old.state
         and (old.state, new.state) not in (('submitted', 'in_review'), ('in_review', 'submitted'))) then
    new.revision := old.revision + 1;
  end if;
  new.updated_at := now();
  return new;
end $$;

create or replace function app.follow_student_department() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.department_id is distinct from old.department_id or new.cohort is distinct from old.cohort then
    update public.identity_records set department_id = new.department_id, cohort = new.cohort where student_id = new.id;
  end if;
  return new;
end $$;
drop trigger students_department_follow on public.students;
create trigger students_department_follow after update of department_id, cohort on public.students
  for each row execute function app.follow_student_department();

update public.identity_records r set cohort = s.cohort from public.students s where s.id = r.student_id;
alter table public.identity_records alter column cohort set not null;

grant update (compared_version_id, compared_at, mismatch_count, duplicate_suspected) on public.identity_records to authenticated;

-- ------------------------------------------------------------------ queue indexes

-- Keyset pagination over (submitted_at, id) within a department and state; the partial index
-- serves the default "open" view (submitted + in review) in order without a sort.
drop index public.identity_records_queue;
create index identity_records_queue on public.identity_records (department_id, state, submitted_at, id);
create index identity_records_queue_open on public.identity_records (department_id, submitted_at, id)
  where state in ('submitted', 'in_review');
-- The registrar's views across all departments: open work, and one state (e.g. escalated).
create index identity_records_queue_open_all on public.identity_records (submitted_at, id)
  where state in ('submitted', 'in_review');
create index identity_records_by_state on public.identity_records (state, submitted_at, id);
-- Records waiting for a comparison (the queue compares a few of them before listing).
create index identity_records_uncompared on public.identity_records (department_id, submitted_at)
  where state in ('submitted', 'in_review', 'escalated') and compared_version_id is distinct from current_version_id;
-- Duplicate detection by name and birth date within a cohort.
create index identity_versions_by_name_birth on public.identity_versions (legal_name, birth_date);
create index registrar_records_by_name_birth on public.registrar_records (name, birth_date);
-- Latest comparison run of a version: checks of one run share created_at (one transaction).
create index checks_by_version_time on public.checks (version_id, created_at desc);

-- ------------------------------------------------------------------ helpers

-- A reviewer compares a student of their department with that student's registrar record even
-- when the record names another department — that difference is one of the things to find.
create function app.reviews_student_number(p_student_number text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.students s
    where s.student_number = p_student_number and s.department_id in (select app.reviewable_departments())
  )
$$;

-- Admissions records are linked to a student by ID number (they carry an exam number, not a
-- student number): visible to a reviewer when a submission or registrar record of one of their
-- students has that number's blind index.
create function app.reviews_id_number(p_bidx text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.identity_versions v join public.identity_records r on r.current_version_id = v.id
    where v.id_number_bidx = p_bidx and r.department_id in (select app.reviewable_departments())
  ) or exists (
    select 1 from public.registrar_records rr join public.students s on s.student_number = rr.student_number
    where rr.id_number_bidx = p_bidx and s.department_id in (select app.reviewable_departments())
  )
$$;

-- The display name of a staff member who claims reviews, for colleagues ("claimed by 王老师").
-- app_users is otherwise readable only by oneself, admins and auditors.
create function app.staff_display_name(p_user uuid) returns text
language sql stable security definer set search_path = '' as $$
  select u.display_name from public.app_users u
  where u.id = p_user
    and exists (select 1 from public.staff_roles r where r.user_id = p_user and r.role in ('reviewer', 'registrar'))
    and exists (select 1 from public.staff_roles r where r.user_id = auth.uid() and r.revoked_at is null)
$$;

-- Possible duplicates of one submitted version, across all departments: the same ID number
-- (blind index) on another student's current submission or registrar record; the same name and
-- birth date in the same cohort; the same photo (sha256) on another student. A reviewer may ask
-- only about versions of their departments and learns only that another student matches (an
-- opaque id for the case), never that student's data. System jobs (no SET ROLE) ask about any.
create function app.find_duplicates(p_version uuid)
returns table (match_kind text, match_source text, related_student uuid)
language sql stable security definer set search_path = '' as $$
  with me as (
    select iv.id, iv.student_id, iv.id_number_bidx, iv.legal_name, iv.birth_date, r.cohort, s.student_number
    from public.identity_versions iv
    join public.identity_records r on r.id = iv.record_id
    join public.students s on s.id = iv.student_id
    where iv.id = p_version
      and (coalesce(current_setting('role', true), 'none') = 'none' or app.can_read_department(r.department_id))
  )
  select distinct x.match_kind, x.match_source, x.related_student from (
    select 'id_number'::text as match_kind, 'submission'::text as match_source, o.student_id as related_student
      from me
      join public.identity_versions o on o.id_number_bidx = me.id_number_bidx and o.student_id <> me.student_id
      join public.identity_records orr on orr.current_version_id = o.id
    union all
    select 'id_number', 'registrar', os.id
      from me
      join public.registrar_records rr on rr.id_number_bidx = me.id_number_bidx and rr.student_number <> me.student_number
      left join public.students os on os.student_number = rr.student_number
    union all
    select 'name_birth', 'submission', o.student_id
      from me
      join public.identity_versions o on o.legal_name = me.legal_name and o.birth_date = me.birth_date and o.student_id <> me.student_id
      join public.identity_records orr on orr.current_version_id = o.id and orr.cohort = me.cohort
    union all
    select 'name_birth', 'registrar', os.id
      from me
      join public.registrar_records rr on rr.name = me.legal_name and rr.birth_date = me.birth_date
        and rr.cohort = me.cohort and rr.student_number <> me.student_number
      left join public.students os on os.student_number = rr.student_number
    union all
    select 'photo', 'document', d2.student_id
      from me
      join public.version_documents vd on vd.version_id = me.id
      join public.documents d on d.id = vd.document_id and d.sha256 is not null
      join public.documents d2 on d2.sha256 = d.sha256 and d2.student_id <> me.student_id
  ) x
  order by 1, 2, 3
$$;

-- Whether the student has an open case of this kind, for whoever opens one: a reviewer may not
-- read a case opened by someone else, yet must join it rather than open a second (cases_one_open).
-- INSERT ... ON CONFLICT cannot do this under RLS: it needs the existing row to be readable.
create function app.has_open_case(p_student uuid, p_kind text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.cases c join public.students s on s.id = c.student_id
    where c.student_id = p_student and c.kind = p_kind and c.status <> 'closed'
      and (coalesce(current_setting('role', true), 'none') = 'none' or app.can_read_department(s.department_id))
  )
$$;

revoke execute on function app.reviews_student_number(text), app.reviews_id_number(text),
  app.staff_display_name(uuid), app.find_duplicates(uuid), app.has_open_case(uuid, text) from public;
grant execute on function app.reviews_student_number(text), app.reviews_id_number(text),
  app.staff_display_name(uuid), app.find_duplicates(uuid), app.has_open_case(uuid, text) to authenticated;

create policy registrar_records_reviewed_students on public.registrar_records for select to authenticated
  using (app.reviews_student_number(student_number));
create policy admissions_records_reviewed_students on public.admissions_records for select to authenticated
  using (app.reviews_id_number(id_number_bidx));

-- ------------------------------------------------------------------ policies that scale

-- The first identity policies nest RLS: checks -> identity_versions -> identity_records, each a
-- subquery over the whole table with app.my_student_id() evaluated per row. Measured on 100,000
-- submissions (npm run bench:queue) that made opening one review take seconds. The policies below
-- allow exactly the same rows, but ask per row through definer helpers that look up one record
-- or version by primary key, so a lookup of one record's checks costs a few index probes; and
-- my_student_id() is wrapped in a scalar subquery, evaluated once per statement (Supabase's RLS
-- performance advice).
create function app.is_own_record(p_record uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.identity_records r where r.id = p_record and r.student_id = app.my_student_id())
$$;
create function app.reviews_record(p_record uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.identity_records r
                 where r.id = p_record and r.department_id in (select app.reviewable_departments()))
$$;
create function app.is_own_version(p_version uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.identity_versions v where v.id = p_version and v.student_id = app.my_student_id())
$$;
create function app.reviews_version(p_version uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.identity_versions v join public.identity_records r on r.id = v.record_id
                 where v.id = p_version and r.department_id in (select app.reviewable_departments()))
$$;
create function app.reviews_student(p_student uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.students s where s.id = p_student and s.department_id in (select app.reviewable_departments()))
      or exists (select 1 from public.identity_records r where r.student_id = p_student and r.department_id in (select app.reviewable_departments()))
$$;
revoke execute on function app.is_own_record(uuid), app.reviews_record(uuid), app.is_own_version(uuid),
  app.reviews_version(uuid), app.reviews_student(uuid) from public;
grant execute on function app.is_own_record(uuid), app.reviews_record(uuid), app.is_own_version(uuid),
  app.reviews_version(uuid), app.reviews_student(uuid) to authenticated;

drop policy records_student_read on public.identity_records;
create policy records_student_read on public.identity_records for select to authenticated
  using (student_id = (select app.my_student_id()));

-- Versions: visible with their record (the student's own, or a reviewed department's).
drop policy versions_read on public.identity_versions;
create policy versions_read on public.identity_versions for select to authenticated
  using (app.is_own_record(record_id) or app.reviews_record(record_id));

drop policy documents_student_read on public.documents;
create policy documents_student_read on public.documents for select to authenticated
  using (student_id = (select app.my_student_id()));
drop policy documents_staff_read on public.documents;
create policy documents_staff_read on public.documents for select to authenticated
  using (app.reviews_student(student_id));

drop policy version_documents_read on public.version_documents;
create policy version_documents_read on public.version_documents for select to authenticated
  using (app.is_own_version(version_id) or app.reviews_version(version_id));

drop policy checks_student_read on public.checks;
create policy checks_student_read on public.checks for select to authenticated
  using (visible_to_student and app.is_own_version(version_id));
drop policy checks_staff_read on public.checks;
create policy checks_staff_read on public.checks for select to authenticated
  using (app.reviews_version(version_id));
drop policy checks_student_insert on public.checks;
create policy checks_student_insert on public.checks for insert to authenticated
  with check (visible_to_student and app.is_own_version(version_id));
drop policy checks_staff_insert on public.checks;
create policy checks_staff_insert on public.checks for insert to authenticated
  with check (app.reviews_version(version_id));

drop policy review_events_student_read on public.review_events;
create policy review_events_student_read on public.review_events for select to authenticated
  using (visible_to_student and app.is_own_record(record_id));
drop policy review_events_staff_read on public.review_events;
create policy review_events_staff_read on public.review_events for select to authenticated
  using (app.reviews_record(record_id));
drop policy review_events_student_insert on public.review_events;
create policy review_events_student_insert on public.review_events for insert to authenticated
  with check (actor_id = auth.uid() and kind in ('submitted', 'resubmitted') and visible_to_student and app.is_own_record(record_id));
drop policy review_events_staff_insert on public.review_events;
create policy review_events_staff_insert on public.review_events for insert to authenticated
  with check (actor_id = auth.uid() and kind <> 'submitted' and kind <> 'resubmitted' and app.reviews_record(record_id));

-- The roster joins every queue page: the department test once per statement (a hashed subplan)
-- instead of app.can_read_department() per row, and auth.uid() once instead of parsing the claims
-- per row. Same rows as the foundation's policies.
drop policy students_staff_read on public.students;
create policy students_staff_read on public.students for select to authenticated
  using (department_id in (select app.reviewable_departments()));
drop policy students_self on public.students;
create policy students_self on public.students for select to authenticated
  using (user_id = (select auth.uid()));
