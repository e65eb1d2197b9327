-- Standard Webhooks to the offices' own systems (decisions 051-053, docs/webhooks.md).
--
-- An office registers endpoints; every change-feed event (public.student_events) becomes, in the
-- same transaction, one outbox row per endpoint of each office that may see the student, carrying
-- exactly that office's granted fields (app.office_student_payload), plus a queued delivery job.
-- The worker signs and POSTs it, at least once, with exponential backoff.

create table public.webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  office_id uuid not null references public.offices (id),
  url text not null check (url ~ '^https?://' and length(url) <= 2000),
  description text not null default '' check (length(description) <= 200),
  events text[] not null check (cardinality(events) > 0 and events <@ array['student.verified', 'student.changed', 'student.redacted']),
  -- whsec_ secrets, AES-GCM encrypted at rest (bound to the endpoint id); the server decrypts to sign.
  secret_enc text not null,
  -- During a rotation the previous secret signs too, until it expires (both signatures are sent).
  previous_secret_enc text,
  previous_secret_expires_at timestamptz,
  consecutive_failures integer not null default 0,
  disabled_at timestamptz,
  disabled_reason text check (disabled_reason in ('failures', 'admin')),
  disabled_notice_sent_at timestamptz,
  created_by uuid not null references public.app_users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_by_office on public.webhook_endpoints (office_id);

create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  endpoint_id uuid not null references public.webhook_endpoints (id),
  office_id uuid not null references public.offices (id),
  event_id uuid not null references public.student_events (event_id),
  event_type text not null,
  student_id uuid not null references public.students (id),
  -- The webhook-id header: the same on every attempt and resend, so receivers deduplicate on it.
  message_id text not null,
  -- The office's granted fields at the time of the event (the full ID number stays ciphertext).
  data jsonb not null,
  occurred_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  -- A worker holds a lease while it delivers; a crashed worker's lease runs out and the sweep
  -- queues the delivery again.
  lease_token uuid,
  lease_until timestamptz,
  last_attempt_at timestamptz,
  last_response_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (endpoint_id, event_id)
);
create index webhook_deliveries_log on public.webhook_deliveries (endpoint_id, created_at desc);
create index webhook_deliveries_pending on public.webhook_deliveries (next_attempt_at) where status = 'pending';

-- One row per attempt; (delivery, attempt) is unique, so no attempt is made twice.
create table public.webhook_attempts (
  delivery_id uuid not null references public.webhook_deliveries (id),
  attempt integer not null,
  worker_id text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  response_code integer,
  error text,
  duration_ms integer,
  primary key (delivery_id, attempt)
);

-- ------------------------------------------------------------------ fan-out (the outbox)

create function app.webhook_fanout() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_office uuid;
  v_data jsonb;
  v_endpoint record;
  v_delivery uuid;
begin
  for v_office in
    -- A redaction goes to every office with a grant (they may hold a copy); the others only to
    -- offices that may see the student now.
    select g.office_id from public.office_grants g where cardinality(g.fields) > 0 and new.type = 'student.redacted'
    union
    select o from app.offices_for_student(new.student_id) o where new.type <> 'student.redacted'
  loop
    if new.type = 'student.redacted' then
      v_data := jsonb_build_object('student_id', new.student_id);
    else
      v_data := app.office_student_payload(v_office, new.student_id);
      continue when v_data is null;
    end if;
    for v_endpoint in
      select e.id, e.disabled_at from public.webhook_endpoints e
      where e.office_id = v_office and new.type = any (e.events)
    loop
      insert into public.webhook_deliveries (endpoint_id, office_id, event_id, event_type, student_id, message_id, data, occurred_at)
      values (v_endpoint.id, v_office, new.event_id, new.type, new.student_id,
              'msg_' || replace(new.event_id::text, '-', ''), v_data, new.occurred_at)
      on conflict (endpoint_id, event_id) do nothing
      returning id into v_delivery;
      -- A disabled endpoint keeps its deliveries pending; re-enabling it queues them.
      if v_delivery is not null and v_endpoint.disabled_at is null then
        perform app.enqueue_job('webhook.deliver', jsonb_build_object('deliveryId', v_delivery), null, 'webhook:' || v_delivery::text, 25);
      end if;
    end loop;
  end loop;
  return null;
end $$;
revoke execute on function app.webhook_fanout() from public;
create trigger student_events_webhook_fanout after insert on public.student_events
  for each row execute function app.webhook_fanout();

create trigger webhook_endpoints_touch before update on public.webhook_endpoints
  for each row execute function app.touch_updated_at();

-- ------------------------------------------------------------------ RLS

alter table public.webhook_endpoints enable row level security;
alter table public.webhook_deliveries enable row level security;
alter table public.webhook_attempts enable row level security;
revoke all on public.webhook_endpoints, public.webhook_deliveries, public.webhook_attempts from anon, authenticated;

-- The secret columns are never selectable by requests: a secret is shown once, when created.
grant select (id, office_id, url, description, events, previous_secret_expires_at, consecutive_failures,
              disabled_at, disabled_reason, created_by, created_at, updated_at) on public.webhook_endpoints to authenticated;
grant insert (office_id, url, description, events, secret_enc, created_by) on public.webhook_endpoints to authenticated;
-- id is listed so that an insert with a client-chosen id (the secret's encryption binds to it) works.
grant insert (id) on public.webhook_endpoints to authenticated;
grant update (url, description, events, secret_enc, previous_secret_enc, previous_secret_expires_at,
              consecutive_failures, disabled_at, disabled_reason) on public.webhook_endpoints to authenticated;
create policy webhook_endpoints_admin_read on public.webhook_endpoints for select to authenticated using (app.has_role('admin'));
create policy webhook_endpoints_office_read on public.webhook_endpoints for select to authenticated
  using (office_id in (select app.my_office_ids()));
create policy webhook_endpoints_admin_insert on public.webhook_endpoints for insert to authenticated
  with check (app.has_role('admin') and created_by = auth.uid() and disabled_at is null);
create policy webhook_endpoints_admin_update on public.webhook_endpoints for update to authenticated
  using (app.has_role('admin')) with check (app.has_role('admin'));

grant select (id, endpoint_id, office_id, event_id, event_type, student_id, message_id, occurred_at, status, attempts,
              next_attempt_at, last_attempt_at, last_response_code, last_error, delivered_at, created_at)
  on public.webhook_deliveries to authenticated;
-- Resend: an admin puts a delivery back to pending (the verb queues its job in the same transaction).
grant update (status, next_attempt_at) on public.webhook_deliveries to authenticated;
create policy webhook_deliveries_admin_read on public.webhook_deliveries for select to authenticated using (app.has_role('admin'));
create policy webhook_deliveries_office_read on public.webhook_deliveries for select to authenticated
  using (office_id in (select app.my_office_ids()));
create policy webhook_deliveries_admin_resend on public.webhook_deliveries for update to authenticated
  using (app.has_role('admin')) with check (app.has_role('admin') and status = 'pending');

grant select on public.webhook_attempts to authenticated;
create policy webhook_attempts_admin_read on public.webhook_attempts for select to authenticated using (app.has_role('admin'));
