-- Issue 8 (integrity): a duplicate identity cannot be verified, enforced in the database for every
-- role and every path (a reviewer's decision, a case closed "verified", a correction, direct SQL).
--
-- 1. While the student has an open duplicate or fraud case, or the record carries a duplicate
--    flag from the comparison (duplicate_suspected) that no closed duplicate case resolved, the
--    record cannot become verified, and its verified ID number cannot change.
-- 2. Two verified students with the same ID number are impossible: the blind index of the
--    verified version is copied onto the record by the trigger and a partial unique index holds.

alter table public.identity_records add column verified_id_number_bidx text;

update public.identity_records r set verified_id_number_bidx = v.id_number_bidx
  from public.identity_versions v where v.id = r.verified_version_id;

-- Fails the migration where two students are already verified with one ID number: that must be
-- resolved by the verification office (a duplicate case), not hidden.
create unique index identity_records_verified_id_unique on public.identity_records (verified_id_number_bidx)
  where verified_id_number_bidx is not null;

-- A duplicate flag is resolved by a duplicate case about the student closed as "verified" (not
-- the same person) or "merged" after the version was submitted. "rejected" resolves nothing.
create function app.duplicate_resolved(p_student uuid, p_version uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.cases c, public.identity_versions v
    where v.id = p_version and c.student_id = p_student and c.kind = 'duplicate' and c.status = 'closed'
      and c.outcome in ('verified', 'merged') and c.closed_at >= v.created_at
  )
$$;

-- Why a record cannot be verified now, if it cannot: 'open_case' (with the case), or
-- 'duplicate_flag' (with the latest duplicate case, if any). No rows: nothing stands in the way.
-- Answers staff who may read the record's department and system jobs; a student learns nothing.
create function app.verification_blocker(p_record uuid) returns table (reason text, case_id uuid, case_kind text)
language sql stable security definer set search_path = '' as $$
  with r as (
    select r.id, r.student_id, r.current_version_id, r.duplicate_suspected
    from public.identity_records r
    where r.id = p_record
      and (coalesce(current_setting('role', true), 'none') = 'none' or app.can_read_department(r.department_id))
  )
  select * from (
    select 'open_case'::text, c.id, c.kind
    from r join public.cases c on c.student_id = r.student_id
    where c.status <> 'closed' and c.kind in ('duplicate', 'fraud_suspected')
    order by c.opened_at, c.id
    limit 1
  ) open_case
  union all
  select * from (
    select 'duplicate_flag'::text,
           (select c.id from public.cases c where c.student_id = r.student_id and c.kind = 'duplicate' order by c.opened_at desc, c.id limit 1),
           'duplicate'::text
    from r
    where r.duplicate_suspected and not app.duplicate_resolved(r.student_id, r.current_version_id)
  ) flag
$$;
revoke execute on function app.duplicate_resolved(uuid, uuid), app.verification_blocker(uuid) from public;
grant execute on function app.duplicate_resolved(uuid, uuid), app.verification_blocker(uuid) to authenticated;

-- Runs after identity_records_defaults (triggers fire in name order), which resets the duplicate
-- flag when the current version changes. As definer: the checks read cases a reviewer may not.
create function app.identity_record_integrity() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  blocked boolean;
begin
  new.verified_id_number_bidx := (select v.id_number_bidx from public.identity_versions v where v.id = new.verified_version_id);
  if new.state = 'verified' and (tg_op = 'INSERT' or old.state is distinct from 'verified'
       or new.verified_id_number_bidx is distinct from old.verified_id_number_bidx) then
    blocked := exists (select 1 from public.cases c
                       where c.student_id = new.student_id and c.status <> 'closed' and c.kind in ('duplicate', 'fraud_suspected'))
               or (new.duplicate_suspected and not app.duplicate_resolved(new.student_id, new.current_version_id));
    if blocked then
      raise exception 'identity record % cannot be verified while a duplicate or fraud check is unresolved', new.id
        using errcode = 'check_violation', constraint = 'identity_records_verification_blocked';
    end if;
  end if;
  return new;
end $$;
create trigger identity_records_integrity before insert or update on public.identity_records
  for each row execute function app.identity_record_integrity();
