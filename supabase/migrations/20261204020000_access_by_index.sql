-- Issue 14: the access lookup read the whole roster (decision 137).
--
-- app.request_access looked the account up with `where a.id = auth.uid()` as `authenticated`.
-- auth.uid() expands to an expression with COALESCE, which the planner does not count as
-- leakproof, so under RLS it may not run before the app_users policies — and those are
-- OR'ed (self, admin, auditor), so no index condition comes from them either. The plan was a
-- sequential scan of app_users that called app.has_role('admin') and app.has_role('auditor') for
-- every row it passed until it reached the caller (PL/pgSQL's SELECT INTO stops at the first
-- row): ~2 has_role calls and ~2 buffer reads per account before the caller's. At 12,000 accounts
-- that was most of the 19 ms of PostgreSQL CPU per confirmation, and every page open paid it too;
-- it grows with the roster and with how late an account was created.
--
-- Two changes, neither changing who sees what:
-- - request_access reads auth.uid() once into a variable; the query compares with that (a bound
--   parameter, leakproof), so it is an index lookup on app_users_pkey. Otherwise the same body.
-- - app_users' policies evaluate auth.uid() and has_role() once per statement (an initplan,
--   `(select …)`) instead of once per row, so any other query on app_users — an admin's user
--   list, an auditor's — stops paying two function calls per row. Same predicates, same rows.

create or replace function app.request_access(p_role text, p_claims text, p_session uuid)
returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  me uuid;
  u record;
  grants jsonb;
  stu jsonb;
begin
  if p_role not in ('authenticated', 'anon') then
    raise exception 'request_access: role % is not a request role', p_role using errcode = 'insufficient_privilege';
  end if;
  perform set_config('role', p_role, true);
  perform set_config('request.jwt.claims', p_claims, true);
  -- After the set_config: the claims just set. A variable, so the lookups below are parameters.
  me := auth.uid();
  if p_role = 'anon' or me is null then
    return jsonb_build_object('live', false);
  end if;
  if p_session is not null and not app.session_live(p_session) then
    return jsonb_build_object('live', false);
  end if;
  select a.id, a.display_name, a.email, a.disabled_at into u from public.app_users a where a.id = me;
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
-- create or replace keeps the grants: still only the owner (the app's login role) may call it.

alter policy app_users_self on public.app_users using (id = (select auth.uid()));
alter policy app_users_admin_read on public.app_users using ((select app.has_role('admin')));
alter policy app_users_auditor_read on public.app_users using ((select app.has_role('auditor')));
alter policy app_users_admin_disable on public.app_users
  using ((select app.has_role('admin')))
  with check ((select app.has_role('admin')) and id <> (select auth.uid()));
