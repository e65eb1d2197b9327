-- Issue 11 item 1: "for the verification office (and auditors)" — an auditor may download a
-- student's dossier (decision 065), and that is all. Auditors otherwise read no identity rows
-- (tests/db/rls.test.ts), so their read is bound to the one student whose dossier is being
-- downloaded: the download verb sets `app.dossier_student` for its transaction, the same
-- transaction that writes the audit row. Select policies only: every write stays refused.
create function app.dossier_student() returns uuid
language sql stable set search_path = '' as $$
  select nullif(current_setting('app.dossier_student', true), '')::uuid
$$;
revoke execute on function app.dossier_student() from public;
grant execute on function app.dossier_student() to authenticated;

-- The setting is checked first, so for everyone else (no setting) each policy costs one
-- current_setting() call; the row lookups of the child tables run only inside a dossier download.
create function app.auditor_reads_dossier(p_student uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select app.dossier_student() is not null and p_student = app.dossier_student() and app.has_role('auditor')
$$;
create function app.auditor_reads_dossier_version(p_version uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select app.dossier_student() is not null
    and exists (select 1 from public.identity_versions v where v.id = p_version and v.student_id = app.dossier_student())
    and app.has_role('auditor')
$$;
create function app.auditor_reads_dossier_record(p_record uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select app.dossier_student() is not null
    and exists (select 1 from public.identity_records r where r.id = p_record and r.student_id = app.dossier_student())
    and app.has_role('auditor')
$$;
create function app.auditor_reads_dossier_case(p_case uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select app.dossier_student() is not null
    and exists (select 1 from public.cases c where c.id = p_case and c.student_id = app.dossier_student())
    and app.has_role('auditor')
$$;
revoke execute on function app.auditor_reads_dossier(uuid), app.auditor_reads_dossier_version(uuid),
  app.auditor_reads_dossier_record(uuid), app.auditor_reads_dossier_case(uuid) from public;
grant execute on function app.auditor_reads_dossier(uuid), app.auditor_reads_dossier_version(uuid),
  app.auditor_reads_dossier_record(uuid), app.auditor_reads_dossier_case(uuid) to authenticated;

create policy students_auditor_dossier on public.students for select to authenticated
  using (app.auditor_reads_dossier(id));
create policy records_auditor_dossier on public.identity_records for select to authenticated
  using (app.auditor_reads_dossier(student_id));
create policy versions_auditor_dossier on public.identity_versions for select to authenticated
  using (app.auditor_reads_dossier(student_id));
create policy version_documents_auditor_dossier on public.version_documents for select to authenticated
  using (app.auditor_reads_dossier_version(version_id));
create policy review_events_auditor_dossier on public.review_events for select to authenticated
  using (app.auditor_reads_dossier_record(record_id));
create policy corrections_auditor_dossier on public.correction_requests for select to authenticated
  using (app.auditor_reads_dossier(student_id));
create policy cases_auditor_dossier on public.cases for select to authenticated
  using (app.auditor_reads_dossier(student_id));
create policy case_events_auditor_dossier on public.case_events for select to authenticated
  using (app.auditor_reads_dossier_case(case_id));
create policy consents_auditor_dossier on public.consents for select to authenticated
  using (app.auditor_reads_dossier(student_id));
create policy documents_auditor_dossier on public.documents for select to authenticated
  using (app.auditor_reads_dossier(student_id));
