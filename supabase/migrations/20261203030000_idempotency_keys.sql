-- Issue 8 item 3: every write is idempotent. A client sends one key per logical attempt (minted
-- once per submit intent and kept across retries); the verb records the key with its result in
-- the same transaction as the write, so a retry after a timeout — the first request committed,
-- only the answer was lost — gets the first answer instead of a second write.
--
-- Keyed by actor + verb + key: one person's key can never answer another person's request, and
-- a key reused for another verb is a different entry. `fingerprint` is a hash of the request's
-- input: the same key with different input is refused (integrity.idempotencyReused), never
-- answered with the result of something else.
create table public.idempotency_keys (
  user_id uuid not null references public.app_users (id) on delete cascade,
  verb text not null check (verb ~ '^[a-z][a-z_.]{0,63}$'),
  key uuid not null,
  fingerprint text not null check (length(fingerprint) = 64),
  result jsonb,
  created_at timestamptz not null default now(),
  primary key (user_id, verb, key)
);
-- For expiry of old keys (a retry comes within minutes; keys older than a day are not needed).
create index idempotency_keys_created on public.idempotency_keys (created_at);

alter table public.idempotency_keys enable row level security;
-- Each person reads and writes only their own keys. INSERT ... ON CONFLICT ... RETURNING needs
-- the select policy too. No delete: expiry runs as the table owner (app.expire_idempotency_keys).
create policy idempotency_keys_own_read on public.idempotency_keys for select to authenticated
  using (user_id = auth.uid());
create policy idempotency_keys_own_insert on public.idempotency_keys for insert to authenticated
  with check (user_id = auth.uid());
create policy idempotency_keys_own_update on public.idempotency_keys for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
revoke all on public.idempotency_keys from anon, authenticated;
grant select, insert on public.idempotency_keys to authenticated;
grant update (result) on public.idempotency_keys to authenticated;

-- Removes keys older than the given age; returns how many. For the scheduled job / operators.
create function app.expire_idempotency_keys(p_older_than interval default interval '1 day') returns int
language plpgsql security definer set search_path = '' as $$
declare n int;
begin
  delete from public.idempotency_keys where created_at < now() - p_older_than;
  get diagnostics n = row_count;
  return n;
end $$;
revoke execute on function app.expire_idempotency_keys(interval) from public;
