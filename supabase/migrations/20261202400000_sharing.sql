-- Step 4: verified data shared with the offices. Each office has one grant (the fields it may
-- read, and whether the ID number comes in full or masked); office readers (staff_roles.role =
-- 'office') and the office's API clients read through one security-barrier view that returns the
-- latest verified version's granted fields and nothing else. A query that forgets a filter still
-- sees only its own office's rows and only granted columns: the filter and the column masking are
-- inside the view, and the underlying tables have no policy for offices at all.

-- Offices get a uuid: API clients, grants, webhook endpoints and the audit trail refer to it.
alter table public.offices add column id uuid not null default gen_random_uuid();
alter table public.offices add constraint offices_id_unique unique (id);

-- The change feed learns the writing transaction's id, so a reader can hand out only events whose
-- transaction has certainly finished (below the oldest in-flight transaction). Sequence values are
-- taken when a row is inserted but become visible at commit, out of order; ordering by (tx, seq)
-- and stopping below pg_snapshot_xmin makes the cursor commit-ordered. See decision 042.
alter table public.student_events add column tx xid8 not null default pg_current_xact_id();
create index student_events_by_tx on public.student_events (tx, seq);
create index student_events_by_student_tx on public.student_events (student_id, tx, seq);

-- Verified records that predate the change feed get their "became verified" event once.
insert into public.student_events (type, student_id, version_id)
select 'student.verified', r.student_id, r.verified_version_id
from public.identity_records r
where r.verified_version_id is not null
  and not exists (select 1 from public.student_events e where e.student_id = r.student_id);

-- ------------------------------------------------------------------ grants

create table public.office_grants (
  office_id uuid primary key references public.offices (id),
  fields text[] not null default '{}' check (fields <@ array[
    'student_number', 'name', 'latin_name', 'department', 'cohort', 'sex', 'birth_date',
    'ethnicity', 'id_type', 'id_number', 'phone', 'email']::text[]),
  -- Without it an office with 'id_number' gets the masked form (1101**********1234).
  id_number_full boolean not null default false,
  updated_by uuid references public.app_users (id),
  updated_at timestamptz not null default now()
);

-- API clients: an office's own system. Only the SHA-256 of the token is stored; the token is shown
-- once when the client is created.
create table public.api_clients (
  id uuid primary key default gen_random_uuid(),
  office_id uuid not null references public.offices (id),
  name text not null check (length(name) between 1 and 100),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  token_prefix text not null check (length(token_prefix) between 4 and 16),
  created_by uuid not null references public.app_users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references public.app_users (id),
  constraint api_clients_revocation check ((revoked_at is null) = (revoked_by is null))
);
create index api_clients_by_office on public.api_clients (office_id, created_at desc);

-- ------------------------------------------------------------------ who is asking

-- The offices the request acts for: an office reader's active office roles, or the office of an
-- API client that is neither revoked nor expired. Evaluated on every query, so a revoked role or
-- token stops working on the next request. The client id comes from the claims the server binds
-- after checking the token hash; the row is re-checked here, so a stale claim is worthless.
create function app.my_office_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select o.id from public.offices o
  where exists (
      select 1 from public.staff_roles r join public.app_users u on u.id = r.user_id
      where r.user_id = auth.uid() and r.role = 'office' and r.office_code = o.code
        and r.revoked_at is null and u.disabled_at is null)
  union
  select c.office_id from public.api_clients c
  where auth.jwt() ->> 'actor_kind' = 'api_client'
    and c.id = nullif(auth.jwt() ->> 'client_id', '')::uuid
    and c.office_id = nullif(auth.jwt() ->> 'office_id', '')::uuid
    and c.revoked_at is null and c.expires_at > now()
$$;

-- Token check for the API adapter, which has no identity yet (runs as anon). Returns the client
-- only when the hash matches an active, unexpired client; touches last_used_at at most once a
-- minute so a busy sync does not turn every page into a row update.
create function app.authenticate_api_client(p_token_hash text)
returns table (client_id uuid, office_id uuid, expires_at timestamptz)
language plpgsql volatile security definer set search_path = '' as $$
begin
  update public.api_clients c set last_used_at = now()
  where c.token_hash = p_token_hash and c.revoked_at is null and c.expires_at > now()
    and (c.last_used_at is null or c.last_used_at < now() - interval '1 minute');
  return query
    select c.id, c.office_id, c.expires_at from public.api_clients c
    where c.token_hash = p_token_hash and c.revoked_at is null and c.expires_at > now();
end $$;

-- ------------------------------------------------------------------ the shared data

-- Every office × every shareable student, with ungranted columns already null. Not granted to
-- anyone: the public view below and the definer functions are the only ways in.
-- Shareable = the record has a verified version (the latest one, approved corrections and
-- self-service changes included, since they move verified_version_id).
create view app.office_student_rows with (security_barrier) as
select
  o.id as office_id,
  s.id as student_id,
  v.id as version_id,
  ev.changed_at,
  case when 'student_number' = any(g.fields) then s.student_number end as student_number,
  case when 'name' = any(g.fields) then v.legal_name end as name,
  case when 'latin_name' = any(g.fields) then v.latin_name end as latin_name,
  case when 'department' = any(g.fields) then d.code end as department_code,
  case when 'department' = any(g.fields) then d.name_zh end as department_name_zh,
  case when 'department' = any(g.fields) then d.name_en end as department_name_en,
  case when 'cohort' = any(g.fields) then s.cohort end as cohort,
  case when 'sex' = any(g.fields) then v.sex end as sex,
  case when 'birth_date' = any(g.fields) then v.birth_date end as birth_date,
  case when 'ethnicity' = any(g.fields) then v.ethnicity end as ethnicity,
  case when 'id_type' = any(g.fields) then v.id_type end as id_type,
  case when 'id_number' = any(g.fields) then v.id_number_mask end as id_number_mask,
  -- Ciphertext bound to the version id; the server decrypts it for offices granted the full number.
  case when 'id_number' = any(g.fields) and g.id_number_full then v.id_number_enc end as id_number_enc,
  case when 'phone' = any(g.fields) then v.phone end as phone,
  case when 'email' = any(g.fields) then v.email end as email,
  g.fields as granted_fields,
  g.id_number_full
from public.offices o
join public.office_grants g on g.office_id = o.id and cardinality(g.fields) > 0
cross join public.identity_records r
join public.students s on s.id = r.student_id
join public.departments d on d.id = s.department_id
join public.identity_versions v on v.id = r.verified_version_id
cross join lateral (
  select max(e.occurred_at) as changed_at from public.student_events e where e.student_id = s.id
) ev
where r.verified_version_id is not null;
revoke all on app.office_student_rows from public, anon, authenticated;

-- What office readers and API clients query. security_barrier keeps a caller's own predicates
-- (leaky functions included) from running before the office filter.
create view public.office_students with (security_barrier) as
select * from app.office_student_rows
where office_id in (select app.my_office_ids());
revoke all on public.office_students from public, anon;
grant select on public.office_students to authenticated;

-- The contract for webhooks and exports: exactly the office's granted fields of the student's
-- latest verified data as JSON, or null when the student is not shareable or the office has no
-- grant. Keys are the grant's field names; the ID number comes as `id_number_mask` (masked) or
-- additionally `id_number_enc` (full: ciphertext, decrypted by lib/server/sharing/internal/payload.ts).
-- For system callers only (the job queue, the admin connection); not executable by requests.
create function app.office_student_payload(p_office_id uuid, p_student_id uuid) returns jsonb
language sql stable security definer set search_path = '' as $$
  select (
    select jsonb_object_agg(k.key, k.value)
    from jsonb_each(to_jsonb(x) - 'office_id' - 'granted_fields' - 'id_number_full') k
    where k.key in ('student_id', 'version_id', 'changed_at')
       or k.key = any(x.granted_fields)
       or (k.key in ('department_code', 'department_name_zh', 'department_name_en') and 'department' = any(x.granted_fields))
       or (k.key = 'id_number_mask' and 'id_number' = any(x.granted_fields))
       or (k.key = 'id_number_enc' and 'id_number' = any(x.granted_fields) and x.id_number_full)
  )
  from app.office_student_rows x
  where x.office_id = p_office_id and x.student_id = p_student_id
$$;

-- Which offices may see a student (those with a non-empty grant, when the student is shareable).
create function app.offices_for_student(p_student_id uuid) returns setof uuid
language sql stable security definer set search_path = '' as $$
  select g.office_id from public.office_grants g
  where cardinality(g.fields) > 0
    and exists (select 1 from public.identity_records r
                where r.student_id = p_student_id and r.verified_version_id is not null)
$$;

-- One page of the incremental sync, as positions in the change feed (see decision 042). Each
-- student appears at its latest event below p_bound (an xmin taken when the sync started), so a
-- sync sees every student exactly once even while records change; changes at or above the bound
-- are the next sync's. Only for callers acting for an office.
create function app.office_sync_page(p_bound xid8, p_tx xid8, p_seq bigint, p_since timestamptz, p_limit integer)
returns table (student_id uuid, tx xid8, seq bigint, occurred_at timestamptz, type text)
language sql stable security definer set search_path = '' as $$
  select e.student_id, e.tx, e.seq, e.occurred_at, e.type
  from public.student_events e
  where exists (select 1 from app.my_office_ids())
    and e.tx < p_bound
    and (e.tx, e.seq) > (p_tx, p_seq)
    and (p_since is null or e.occurred_at >= p_since)
    and not exists (
      select 1 from public.student_events e2
      where e2.student_id = e.student_id and e2.tx < p_bound and (e2.tx, e2.seq) > (e.tx, e.seq))
  order by e.tx, e.seq
  limit greatest(1, least(p_limit, 1000))
$$;

revoke execute on function app.my_office_ids(), app.authenticate_api_client(text),
  app.office_student_payload(uuid, uuid), app.offices_for_student(uuid),
  app.office_sync_page(xid8, xid8, bigint, timestamptz, integer) from public;
grant execute on function app.my_office_ids() to authenticated;
grant execute on function app.office_sync_page(xid8, xid8, bigint, timestamptz, integer) to authenticated;
grant execute on function app.authenticate_api_client(text) to anon;
grant execute on function app.office_student_payload(uuid, uuid), app.offices_for_student(uuid) to service_role;

-- ------------------------------------------------------------------ RLS

alter table public.office_grants enable row level security;
alter table public.api_clients enable row level security;
revoke all on public.office_grants, public.api_clients from anon, authenticated;

grant select, insert on public.office_grants to authenticated;
grant update (fields, id_number_full, updated_by, updated_at) on public.office_grants to authenticated;
create policy office_grants_admin_read on public.office_grants for select to authenticated using (app.has_role('admin'));
create policy office_grants_auditor_read on public.office_grants for select to authenticated using (app.has_role('auditor'));
-- An office sees its own grant (the portal shows which fields it receives).
create policy office_grants_own_read on public.office_grants for select to authenticated
  using (office_id in (select app.my_office_ids()));
create policy office_grants_admin_insert on public.office_grants for insert to authenticated
  with check (app.has_role('admin') and updated_by = auth.uid());
create policy office_grants_admin_update on public.office_grants for update to authenticated
  using (app.has_role('admin')) with check (app.has_role('admin') and updated_by = auth.uid());

grant select, insert on public.api_clients to authenticated;
grant update (revoked_at, revoked_by) on public.api_clients to authenticated;
create policy api_clients_admin_read on public.api_clients for select to authenticated using (app.has_role('admin'));
create policy api_clients_admin_insert on public.api_clients for insert to authenticated
  with check (app.has_role('admin') and created_by = auth.uid() and revoked_at is null and expires_at > now());
create policy api_clients_admin_revoke on public.api_clients for update to authenticated
  using (app.has_role('admin') and revoked_at is null)
  with check (app.has_role('admin') and revoked_by = auth.uid());

-- The auditor filters sharing events by office and by student.
create index audit_events_by_office on public.audit_events ((details ->> 'office_id'), occurred_at desc);
create index audit_events_by_action on public.audit_events (action, occurred_at desc);
