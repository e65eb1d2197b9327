-- Issue 8 item 7: an approved correction updates what the roster shows. The roster (students.name)
-- kept the old name after a legal-name correction was approved (张明 instead of 张明明), so the
-- registrar's list, counsellors' class lists and reminders disagreed with the verified data the
-- offices already read (office_students reads the verified version).
--
-- When a record's verified version changes to one made by an approved correction, the roster's
-- name follows the version's legal name. A trigger, because reviewers may approve corrections but
-- may not write the roster (RLS: registrar only), and because the rule must hold for every path.
create function app.roster_follows_correction() returns trigger
language plpgsql security definer set search_path = '' as $$
declare v public.identity_versions; prev_name text;
begin
  if new.verified_version_id is distinct from old.verified_version_id and new.verified_version_id is not null then
    select * into v from public.identity_versions where id = new.verified_version_id;
    select legal_name into prev_name from public.identity_versions where id = old.verified_version_id;
    -- Only a correction that changed the legal name: other corrections leave the roster as it is.
    if v.source = 'correction' and v.legal_name is distinct from prev_name then
      update public.students set name = v.legal_name, updated_at = now()
       where id = new.student_id and name is distinct from v.legal_name;
    end if;
  end if;
  return null;
end $$;
revoke execute on function app.roster_follows_correction() from public;

create trigger identity_records_roster_follows_correction
  after update of verified_version_id on public.identity_records
  for each row execute function app.roster_follows_correction();

-- Rosters already out of step: where the verified version is an approved correction of the
-- legal name, the roster takes that name.
update public.students s set name = v.legal_name, updated_at = now()
  from public.identity_records r
  join public.identity_versions v on v.id = r.verified_version_id
  join public.correction_requests c on c.result_version_id = v.id and c.status = 'approved' and c.changes ? 'legalName'
 where r.student_id = s.id and v.source = 'correction' and s.name is distinct from v.legal_name;
