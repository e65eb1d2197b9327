-- The change feed of verified identity data (step 4 and step 7 build on it).
--
-- One row per thing an office may need to hear about: a student's record became verified, its
-- verified data changed (an approved correction, a self-service change, a re-verification), or
-- its personal data was redacted by retention. Rows are written in the same transaction as the
-- change (by the trigger below, or by the retention job for `student.redacted`), so the feed never
-- misses or invents a change. Webhook fan-out and the API's incremental sync read it; nobody
-- edits it. `seq` gives a total order for cursors; `event_id` is the stable id offices dedupe on.
create table public.student_events (
  seq bigint generated always as identity primary key,
  event_id uuid not null unique default gen_random_uuid(),
  type text not null check (type in ('student.verified', 'student.changed', 'student.redacted')),
  student_id uuid not null references public.students (id),
  version_id uuid references public.identity_versions (id),
  occurred_at timestamptz not null default now()
);
create index student_events_student on public.student_events (student_id, seq);
alter table public.student_events enable row level security;
-- No policies: only security-definer functions and the system connection read or write it.
revoke all on public.student_events from anon, authenticated;

create or replace function app.emit_student_event() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.verified_version_id is not null and new.verified_version_id is distinct from old.verified_version_id then
    insert into public.student_events (type, student_id, version_id)
    values (case when old.verified_version_id is null then 'student.verified' else 'student.changed' end,
            new.student_id, new.verified_version_id);
  end if;
  return null;
end $$;
revoke execute on function app.emit_student_event() from public;

create trigger identity_records_emit_student_event
  after update of verified_version_id on public.identity_records
  for each row execute function app.emit_student_event();

-- Immutable like the audit trail.
create or replace function app.student_events_immutable() returns trigger
language plpgsql set search_path = '' as $$
begin
  raise exception 'student_events are append-only' using errcode = '42501';
end $$;
create trigger student_events_no_change before update or delete on public.student_events
  for each row execute function app.student_events_immutable();
