-- Step 6 (investigation cases): what the case screens need beyond 20261129000300 — the student
-- policies made to work, reviewers' writes narrowed, the case status rules in one place, document
-- requests answered by evidence photos, and the list of staff a case may be assigned to.

-- ------------------------------------------------------------------ students and their cases

-- Students cannot read public.cases (staff only: the kind alone, "fraud suspected", is not for the
-- student). The student policies of 000300 looked the case up under the student's own RLS and so
-- matched nothing; these helpers look it up as definer and return only ids.
create function app.my_cases() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select c.id from public.cases c where c.student_id = app.my_student_id()
$$;
create function app.my_open_cases() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select c.id from public.cases c where c.student_id = app.my_student_id() and c.status <> 'closed'
$$;
-- A document request of the given case (a student's upload must answer one).
create function app.is_document_request(p_event uuid, p_case uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.case_events e
                 where e.id = p_event and e.case_id = p_case and e.kind = 'document_request' and e.visible_to_student)
$$;
revoke execute on function app.my_cases(), app.my_open_cases(), app.is_document_request(uuid, uuid) from public;
grant execute on function app.my_cases(), app.my_open_cases(), app.is_document_request(uuid, uuid) to authenticated;

drop policy case_events_student_read on public.case_events;
create policy case_events_student_read on public.case_events for select to authenticated
  using (visible_to_student and case_id in (select app.my_cases()));

-- A student answers a request of an open case about them with one of their own processed
-- evidence photos; nothing else.
drop policy case_events_student_write on public.case_events;
create policy case_events_student_write on public.case_events for insert to authenticated
  with check (actor_id = auth.uid() and kind = 'document_received' and visible_to_student
              and case_id in (select app.my_open_cases())
              and document_id in (select d.id from public.documents d
                                  where d.student_id = app.my_student_id() and d.kind = 'evidence' and d.status = 'ready')
              and app.is_document_request(nullif(details ->> 'request_id', '')::uuid, case_id));

-- Staff: the registrar writes every kind; a reviewer involved in a case (or who opened it) only
-- opens it and adds notes — contact logs, requests, status and outcome are the office's. Only a
-- document request is ever shown to the student, so no note or legal remark can reach them by a
-- wrong flag.
drop policy case_events_staff_write on public.case_events;
create policy case_events_staff_write on public.case_events for insert to authenticated
  with check (actor_id = auth.uid()
              and (not visible_to_student or kind = 'document_request')
              and (app.has_role('registrar')
                   or (kind in ('opened', 'note')
                       and (app.involved_in_case(case_id)
                            or case_id in (select c.id from public.cases c where c.opened_by = auth.uid())))));

-- The timeline's order. Entries written in one transaction share created_at (now()), so a
-- request and the status move it causes would come back in any order; seq keeps insert order.
alter table public.case_events add column seq bigint generated always as identity;
drop index public.case_events_by_case;
create index case_events_by_case on public.case_events (case_id, created_at, seq);

-- One photo answers one request once: a double-tapped upload cannot add it twice.
create unique index case_events_document_once on public.case_events (document_id) where kind = 'document_received';
create index case_events_requests on public.case_events (case_id) where kind = 'document_request';
-- Keyset pagination of the case list over (opened_at, id).
create index cases_by_opened on public.cases (opened_at, id);

-- ------------------------------------------------------------------ status rules

-- The one set of rules for every role, the owner included: a closed case is final (a new finding
-- opens a new case — the unique index allows one once the old one is closed); nothing goes back
-- to 'open', which only means "nobody has looked yet"; the assignee is an active registrar
-- (assignment makes them involved, and cases are the verification office's work).
create function app.case_rules() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if old.status = 'closed' then
    raise exception 'case % is closed', old.id using errcode = 'check_violation';
  end if;
  if new.status is distinct from old.status and new.status = 'open' then
    raise exception 'case cannot go from % to open', old.status using errcode = 'check_violation';
  end if;
  if new.status = 'closed' then
    new.closed_at := coalesce(new.closed_at, now());
  elsif new.closed_at is not null then
    raise exception 'only a closed case has closed_at' using errcode = 'check_violation';
  end if;
  if new.assignee_id is distinct from old.assignee_id and new.assignee_id is not null and not exists (
       select 1 from public.staff_roles r join public.app_users u on u.id = r.user_id
       where r.user_id = new.assignee_id and r.role = 'registrar' and r.revoked_at is null and u.disabled_at is null) then
    raise exception 'a case is assigned to an active registrar' using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger cases_rules before update on public.cases for each row execute function app.case_rules();

-- When the student has answered every request of a case that waits for them, the case goes back
-- to the office (awaiting_student -> investigating): the ball is in the office's court again, and
-- the bumped revision tells a registrar looking at the old state that something arrived. Runs as
-- definer because students may not update cases.
create function app.case_documents_received() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (
       select 1 from public.case_events r
       where r.case_id = new.case_id and r.kind = 'document_request'
         and not exists (select 1 from public.case_events d
                         where d.case_id = new.case_id and d.kind = 'document_received' and d.details ->> 'request_id' = r.id::text)) then
    update public.cases set status = 'investigating' where id = new.case_id and status = 'awaiting_student';
    if found then
      insert into public.case_events (case_id, actor_id, kind, details)
      values (new.case_id, null, 'status', jsonb_build_object('from', 'awaiting_student', 'to', 'investigating', 'reason', 'documents_received'));
    end if;
  end if;
  return null;
end $$;
create trigger case_events_documents_received after insert on public.case_events
  for each row when (new.kind = 'document_received') execute function app.case_documents_received();

-- ------------------------------------------------------------------ assignment

-- Registrars may not read other accounts or grants; the assignment form needs the names of the
-- colleagues a case can go to. Answers only a registrar.
create function app.case_assignable_staff() returns table (id uuid, display_name text)
language sql stable security definer set search_path = '' as $$
  select distinct u.id, u.display_name
  from public.staff_roles r join public.app_users u on u.id = r.user_id
  where r.role = 'registrar' and r.revoked_at is null and u.disabled_at is null and app.has_role('registrar')
  order by u.display_name, u.id
$$;
revoke execute on function app.case_assignable_staff() from public;
grant execute on function app.case_assignable_staff() to authenticated;
