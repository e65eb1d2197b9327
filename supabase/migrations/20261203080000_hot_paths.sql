-- Issue 14: the confirmation path in ≤ 4 round trips (decision 130).
--
-- Two functions, both SECURITY INVOKER so RLS decides exactly as it does for the statements they
-- replace:
--
-- app.request_access(role, claims, session) is the first statement of a request's transaction.
-- It sets the role and the claims (set_config(..., true) is SET LOCAL: they last until the
-- transaction ends), then — already running as that role, under its policies — checks the
-- server-side session (when one is named) and reads the account, its live grants and its roster
-- row: what lib/server/auth/access.ts loaded in three statements after two set-up statements.
-- PL/pgSQL plans each query when it first runs and replans when the role differs, so every query
-- after the set_config is planned and permission-checked as the new role.
--
-- app.confirm_task(task, student, ip, ua) is the whole "all correct": lock the task (RLS shows
-- only the student's own, in an open campaign), the checks, the update that pins the verified
-- version, and the audit event through app.write_audit (whose insert fires the hash-chain
-- trigger as before). Refusals come back as {"error": …} rather than exceptions, so the verb maps
-- them to the same AppErrors as before; nothing has been written when one comes back.

create function app.request_access(p_role text, p_claims text, p_session uuid)
returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  u record;
  grants jsonb;
  stu jsonb;
begin
  if p_role not in ('authenticated', 'anon') then
    raise exception 'request_access: role % is not a request role', p_role using errcode = 'insufficient_privilege';
  end if;
  perform set_config('role', p_role, true);
  perform set_config('request.jwt.claims', p_claims, true);
  if p_role = 'anon' or auth.uid() is null then
    return jsonb_build_object('live', false);
  end if;
  if p_session is not null and not app.session_live(p_session) then
    return jsonb_build_object('live', false);
  end if;
  select a.id, a.display_name, a.email, a.disabled_at into u from public.app_users a where a.id = auth.uid();
  if not found or u.disabled_at is not null then
    return jsonb_build_object('live', false);
  end if;
  select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'role', r.role, 'department_id', r.department_id,
           'office_code', r.office_code, 'class_name', r.class_name) order by r.granted_at), '[]'::jsonb)
    into grants
    from public.staff_roles r where r.user_id = u.id and r.revoked_at is null;
  select jsonb_build_object('id', s.id, 'student_number', s.student_number, 'name', s.name, 'cohort', s.cohort,
           'department_id', d.id, 'code', d.code, 'name_zh', d.name_zh, 'name_en', d.name_en)
    into stu
    from public.students s join public.departments d on d.id = s.department_id where s.user_id = u.id;
  return jsonb_build_object('live', true,
    'user', jsonb_build_object('id', u.id, 'display_name', u.display_name, 'email', u.email),
    'grants', grants, 'student', stu);
end $$;
-- Called by the app's login role before any role is set; nobody else needs it.
revoke execute on function app.request_access(text, text, uuid) from public;

create function app.confirm_task(p_task uuid, p_student uuid, p_ip text, p_user_agent text)
returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  t record;
  ro record;
  unopened text[];
  v uuid;
begin
  -- `for update` sees only tasks the student may still change: theirs, in an open campaign (RLS).
  select tk.id, tk.status, c.sections, tk.opened_sections, tk.confirmed_version_id into t
    from public.confirmation_tasks tk join public.campaigns c on c.id = tk.campaign_id
   where tk.id = p_task and tk.student_id = p_student
     for update of tk;
  if not found then
    select tk.status, (c.status = 'open' and now() between c.opens_at and c.closes_at) as open, tk.confirmed_version_id into ro
      from public.confirmation_tasks tk join public.campaigns c on c.id = tk.campaign_id where tk.id = p_task;
    if not found then return jsonb_build_object('error', 'not_found'); end if;
    if ro.status = 'confirmed' then return jsonb_build_object('version_id', ro.confirmed_version_id, 'duplicate', true); end if;
    return jsonb_build_object('error', case when ro.open then 'not_editable' else 'closed' end);
  end if;
  if t.status = 'confirmed' then return jsonb_build_object('version_id', t.confirmed_version_id, 'duplicate', true); end if;
  if t.status <> 'pending' then return jsonb_build_object('error', 'correction_pending'); end if;
  unopened := array(select s from unnest(t.sections) with ordinality as x(s, i) where not (s = any (t.opened_sections)) order by i);
  if cardinality(unopened) > 0 then return jsonb_build_object('error', 'sections_unopened', 'sections', to_jsonb(unopened)); end if;
  select r.verified_version_id into v from public.identity_records r where r.student_id = p_student;
  if v is null then return jsonb_build_object('error', 'not_verified'); end if;
  update public.confirmation_tasks set status = 'confirmed', confirmed_at = now(), confirmed_version_id = v, updated_at = now()
   where id = p_task;
  perform app.write_audit('confirmation.confirm', 'confirmation_task', p_task::text, 'student',
    jsonb_build_object('version_id', v), p_ip, p_user_agent);
  return jsonb_build_object('version_id', v, 'duplicate', false);
end $$;
revoke execute on function app.confirm_task(uuid, uuid, text, text) from public;
grant execute on function app.confirm_task(uuid, uuid, text, text) to authenticated;
