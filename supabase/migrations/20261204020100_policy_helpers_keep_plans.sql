-- Issue 14: the policy helpers on the confirmation path keep their plans (decision 137).
--
-- These helpers are LANGUAGE sql with SECURITY DEFINER and a pinned search_path, so PostgreSQL
-- cannot inline them, and before version 18 it does not cache a plan for a SQL function either:
-- each call site parses and plans the body again in every statement that uses it. Measured
-- serially (one connection, track_functions = all), a confirmation called my_student_id 7 times
-- (0.105 ms each), is_app_user 3.5, campaign_open_for 2, reviewable_departments, session_live
-- and has_role once each (0.05–0.2 ms) — 1.55 ms of its 2.4 ms in PostgreSQL, nearly all of it
-- planning. PL/pgSQL caches each statement's plan for the session, so the same queries cost
-- 0.01–0.07 ms a call.
--
-- Same bodies, same attributes (stable, security definer, search_path ''), same owner and grants
-- (create or replace keeps both); only the language changes. my_student_id keeps "the first
-- row" with SELECT INTO (students.user_id is unique, so there is at most one).

create or replace function app.has_role(p_role text) returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  return exists (
    select 1 from public.staff_roles r
    join public.app_users u on u.id = r.user_id
    where r.user_id = auth.uid() and r.role = p_role and r.revoked_at is null and u.disabled_at is null
  );
end $$;

create or replace function app.my_student_id() returns uuid
language plpgsql stable security definer set search_path = '' as $$
declare
  v uuid;
begin
  select s.id into v from public.students s join public.app_users u on u.id = s.user_id
  where s.user_id = auth.uid() and u.disabled_at is null;
  return v;
end $$;

create or replace function app.is_app_user() returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  return exists (select 1 from public.app_users u where u.id = auth.uid() and u.disabled_at is null);
end $$;

create or replace function app.reviewable_departments() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
  select d.id from public.departments d
  where exists (
    select 1 from public.staff_roles r join public.app_users u on u.id = r.user_id
    where r.user_id = auth.uid() and r.revoked_at is null and u.disabled_at is null
      and (r.role = 'registrar' or (r.role = 'reviewer' and r.department_id = d.id))
  );
end $$;

create or replace function app.campaign_open_for(p_campaign uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  return exists (select 1 from public.campaigns c where c.id = p_campaign and c.status = 'open' and now() between c.opens_at and c.closes_at);
end $$;

create or replace function app.session_live(p_session uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  return exists (
    select 1 from public.auth_sessions s
    join public.app_users u on u.id = s.user_id
    where s.id = p_session and s.user_id = auth.uid() and s.ended_at is null and u.disabled_at is null
  );
end $$;
