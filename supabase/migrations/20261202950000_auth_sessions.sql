-- Server-side record of sign-in sessions (issue 15: single logout and session revocation).
--
-- Sessions are Auth.js JWT cookies, which cannot be recalled by themselves. Each sign-in writes a
-- row here and the cookie carries its id (`sid`); every request checks the row is still live
-- (app.session_live), so ending a row signs that browser out on its next request — on every app
-- instance, because the row is in the database. Rows are ended by:
--   * the CAS server's single-logout POST (matched by session_index = the service ticket),
--   * sign-out in the app,
--   * an admin's "sign this user out everywhere",
--   * disabling the account (trigger below).
create table public.auth_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.app_users (id) on delete cascade,
  provider text not null check (provider in ('campus', 'cas')),
  -- CAS: the service ticket the session was created from (what a logoutRequest names).
  session_index text,
  created_at timestamptz not null default now(),
  ended_at timestamptz,
  ended_reason text check (ended_reason in ('sign_out', 'single_logout', 'admin', 'disabled'))
);
create index auth_sessions_user_live on public.auth_sessions (user_id) where ended_at is null;
create unique index auth_sessions_session_index on public.auth_sessions (provider, session_index) where session_index is not null;

alter table public.auth_sessions enable row level security;
-- A person sees their own sessions; admins see everyone's. Writes go through the functions below
-- (security definer) or the sign-in path's admin connection.
create policy auth_sessions_own_read on public.auth_sessions for select to authenticated
  using (user_id = auth.uid() or app.has_role('admin'));
revoke all on public.auth_sessions from anon, authenticated;
grant select on public.auth_sessions to authenticated;

-- True when the session exists, is not ended and belongs to the signed-in user of the claims.
-- Security definer so the check itself cannot be widened by a policy; it reveals only a boolean
-- about the caller's own session.
create function app.session_live(p_session uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.auth_sessions s
    join public.app_users u on u.id = s.user_id
    where s.id = p_session and s.user_id = auth.uid() and s.ended_at is null and u.disabled_at is null
  )
$$;
revoke execute on function app.session_live(uuid) from public;
grant execute on function app.session_live(uuid) to authenticated;

-- Ends the caller's own session (sign-out). Returns whether a live row was ended.
create function app.end_my_session(p_session uuid) returns boolean
language plpgsql security definer set search_path = '' as $$
declare n int;
begin
  update public.auth_sessions set ended_at = now(), ended_reason = 'sign_out'
   where id = p_session and user_id = auth.uid() and ended_at is null;
  get diagnostics n = row_count;
  return n > 0;
end $$;
revoke execute on function app.end_my_session(uuid) from public;
grant execute on function app.end_my_session(uuid) to authenticated;

-- An admin ends every live session of a user. Returns how many were ended; audited by the verb.
create function app.end_user_sessions(p_user uuid) returns int
language plpgsql security definer set search_path = '' as $$
declare n int;
begin
  if not app.has_role('admin') then
    raise exception 'only admins end other people''s sessions' using errcode = '42501';
  end if;
  update public.auth_sessions set ended_at = now(), ended_reason = 'admin'
   where user_id = p_user and ended_at is null;
  get diagnostics n = row_count;
  return n;
end $$;
revoke execute on function app.end_user_sessions(uuid) from public;
grant execute on function app.end_user_sessions(uuid) to authenticated;

-- Disabling an account ends its sessions in the same transaction.
create function app.end_sessions_of_disabled() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.disabled_at is not null and old.disabled_at is null then
    update public.auth_sessions set ended_at = now(), ended_reason = 'disabled'
     where user_id = new.id and ended_at is null;
  end if;
  return null;
end $$;
revoke execute on function app.end_sessions_of_disabled() from public;
create trigger app_users_end_sessions_when_disabled
  after update of disabled_at on public.app_users
  for each row execute function app.end_sessions_of_disabled();
