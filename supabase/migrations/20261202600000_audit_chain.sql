-- Step 7: a tamper-evident audit trail (decision 060).
--
-- Every audit_events row carries sha256(prev_hash || '\n' || canonical(row)), chained per stream.
-- The stream is chosen per *transaction* (its xid modulo 16): all events of one transaction land in
-- one stream, so a transaction holds at most one chain-head row lock and two transactions can never
-- deadlock on heads; 16 streams keep concurrent writers from queueing on one row.
-- Canonical serialisation (app.audit_canonical): a JSON array, as Postgres renders jsonb to text, of
--   [stream, chain_seq, id, occurred_at (UTC, microseconds, ISO 8601 with Z), actor_id, actor_role,
--    action, entity_type, entity_id, ip, user_agent, details]
-- Columns added to audit_events later are not covered unless this function is extended.

create table public.audit_chain_heads (
  stream smallint primary key check (stream between 0 and 15),
  seq bigint not null default 0,
  last_id bigint,
  last_hash text not null default repeat('0', 64),
  updated_at timestamptz not null default now()
);
insert into public.audit_chain_heads (stream) select g from generate_series(0, 15) g;
alter table public.audit_chain_heads enable row level security;
revoke all on public.audit_chain_heads from anon, authenticated;
grant select on public.audit_chain_heads to authenticated;
create policy audit_chain_heads_auditor_read on public.audit_chain_heads for select to authenticated
  using (app.has_role('auditor'));

alter table public.audit_events
  add column stream smallint,
  add column chain_seq bigint,
  add column prev_hash text,
  add column hash text;

create function app.audit_canonical(
  p_stream smallint, p_seq bigint, p_id bigint, p_at timestamptz, p_actor uuid, p_actor_role text,
  p_action text, p_entity_type text, p_entity_id text, p_ip text, p_ua text, p_details jsonb
) returns text
language sql immutable set search_path = '' as $$
  select jsonb_build_array(p_stream, p_seq, p_id,
           to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           p_actor, p_actor_role, p_action, p_entity_type, p_entity_id, p_ip, p_ua, p_details)::text
$$;

create function app.audit_link(p_prev text, p_canonical text) returns text
language sql immutable set search_path = '' as $$
  select encode(sha256(convert_to(p_prev || E'\n' || p_canonical, 'UTF8')), 'hex')
$$;

create function app.audit_chain() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  h record;
begin
  new.stream := (pg_current_xact_id()::text::bigint % 16)::smallint;
  -- The row lock on the head orders this stream's events; it is held until commit.
  select seq, last_hash into h from public.audit_chain_heads where stream = new.stream for update;
  new.chain_seq := h.seq + 1;
  new.prev_hash := h.last_hash;
  new.hash := app.audit_link(h.last_hash, app.audit_canonical(new.stream, new.chain_seq, new.id, new.occurred_at,
    new.actor_id, new.actor_role, new.action, new.entity_type, new.entity_id, new.ip, new.user_agent, new.details));
  update public.audit_chain_heads set seq = new.chain_seq, last_id = new.id, last_hash = new.hash, updated_at = now()
    where stream = new.stream;
  return new;
end $$;
revoke execute on function app.audit_chain() from public;
revoke execute on function app.audit_canonical(smallint, bigint, bigint, timestamptz, uuid, text, text, text, text, text, text, jsonb) from public;
revoke execute on function app.audit_link(text, text) from public;

-- Chain the rows written before this migration, in id order, as stream id % 16.
alter table public.audit_events disable trigger audit_events_append_only;
do $$
declare
  r record;
  h record;
  s smallint;
  c text;
  hx text;
begin
  for r in select * from public.audit_events order by id loop
    s := (r.id % 16)::smallint;
    select seq, last_hash into h from public.audit_chain_heads where stream = s;
    c := app.audit_canonical(s, h.seq + 1, r.id, r.occurred_at, r.actor_id, r.actor_role, r.action, r.entity_type,
      r.entity_id, r.ip, r.user_agent, r.details);
    hx := app.audit_link(h.last_hash, c);
    update public.audit_events set stream = s, chain_seq = h.seq + 1, prev_hash = h.last_hash, hash = hx where id = r.id;
    update public.audit_chain_heads set seq = h.seq + 1, last_id = r.id, last_hash = hx where stream = s;
  end loop;
end $$;
alter table public.audit_events enable trigger audit_events_append_only;

alter table public.audit_events
  alter column stream set not null, alter column chain_seq set not null,
  alter column prev_hash set not null, alter column hash set not null;
create unique index audit_events_chain on public.audit_events (stream, chain_seq);

create trigger audit_events_chain before insert on public.audit_events
  for each row execute function app.audit_chain();

-- Heads change only through the trigger above (definer); nobody edits them by hand.
create trigger audit_chain_heads_no_delete before delete or truncate on public.audit_chain_heads
  for each statement execute function app.forbid_change();
