-- Step 7: retention with legal hold (decision 062).
--
-- The roster learns when a student left (graduated, withdrew), whether a legal hold keeps their
-- record, and when it was redacted. Redaction keeps every row as a shell: versions stay (their ids
-- are referenced by events, cases and the audit trail) with personal columns cleared.

alter table public.students
  add column if not exists status text not null default 'enrolled',
  add column if not exists left_on date,
  add column if not exists legal_hold boolean not null default false,
  add column if not exists legal_hold_reason text,
  add column if not exists redacted_at timestamptz;
alter table public.students add constraint students_status_check check (status in ('enrolled', 'suspended', 'graduated', 'left'));
alter table public.students add constraint students_left_on_check check ((status in ('graduated', 'left')) or left_on is null);
alter table public.students add constraint students_legal_hold_reason_len check (length(legal_hold_reason) <= 500);
create index students_retention on public.students (left_on) where status in ('graduated', 'left') and redacted_at is null;

-- A redacted version has no personal values left to hold.
alter table public.identity_versions
  alter column sex drop not null, alter column birth_date drop not null, alter column ethnicity drop not null,
  alter column phone drop not null, alter column email drop not null;
alter table public.identity_versions add column if not exists redacted_at timestamptz;

-- Versions stay immutable, except the one change retention makes: turning a version into a
-- redacted shell (stub name, ciphertext and blind index emptied, other personal columns null).
-- Anything else — and any change to a shell — is refused, for the owner too.
create function app.identity_versions_guard() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'UPDATE' and old.redacted_at is null and new.redacted_at is not null
     and new.id = old.id and new.record_id = old.record_id and new.student_id = old.student_id and new.seq = old.seq
     and new.source = old.source and new.created_at = old.created_at and new.submitted_by = old.submitted_by
     and new.legal_name = '已清除' and new.latin_name is null and new.sex is null and new.birth_date is null
     and new.ethnicity is null and new.id_issuing_country is null and new.id_number_enc = '' and new.id_number_bidx = ''
     and new.id_number_mask = '已清除' and new.phone is null and new.email is null then
    return new;
  end if;
  raise exception 'identity_versions is append-only' using errcode = 'insufficient_privilege';
end $$;
drop trigger identity_versions_immutable on public.identity_versions;
create trigger identity_versions_immutable before update or delete on public.identity_versions
  for each row execute function app.identity_versions_guard();

create table public.retention_runs (
  id uuid primary key default gen_random_uuid(),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  dry_run boolean not null,
  retention_years integer not null,
  cutoff date not null,
  candidates integer not null default 0,
  redacted integer not null default 0,
  -- [{ "student_id", "student_number", "reason": "legal_hold" | "open_case" }]
  skipped jsonb not null default '[]'::jsonb,
  -- who: a staff member (the admin page) or a job name
  actor_id uuid references public.app_users (id),
  actor_job text
);
create index retention_runs_recent on public.retention_runs (started_at desc);
alter table public.retention_runs enable row level security;
revoke all on public.retention_runs from anon, authenticated;
grant select on public.retention_runs to authenticated;
-- Runs are written by the retention job (owner connection); admins and the registrar read them.
create policy retention_runs_read on public.retention_runs for select to authenticated
  using (app.has_role('admin') or app.has_role('registrar'));
