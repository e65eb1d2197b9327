-- Local only: Supabase projects already have these. Creates Supabase's API roles and the
-- auth.uid() / auth.jwt() helpers where they are missing (PGlite, a plain PostgreSQL server),
-- so the same migrations and RLS policies run everywhere. Idempotent; safe to run on every start.

do $$
declare r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      begin
        execute format('create role %I nologin noinherit', r);
      exception when duplicate_object or unique_violation then
        -- Roles are cluster-wide: a parallel test database may have created it a moment ago.
        null;
      end;
    end if;
  end loop;
end $$;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

do $$
begin
  if to_regprocedure('auth.jwt()') is null then
    create function auth.jwt() returns jsonb language sql stable as $f$
      select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
    $f$;
  end if;
  if to_regprocedure('auth.uid()') is null then
    -- Same definition as Supabase's: the sub claim of the request's JWT claims.
    create function auth.uid() returns uuid language sql stable as $f$
      select nullif(coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      ), '')::uuid
    $f$;
  end if;
exception when duplicate_function then
  null;
end $$;

grant execute on function auth.uid() to anon, authenticated, service_role;
grant execute on function auth.jwt() to anon, authenticated, service_role;
