-- The job queue (decision 050). With DATABASE_URL the queue is graphile-worker (schema
-- graphile_worker, installed by the worker at start); on the embedded PGlite default, where
-- graphile-worker cannot connect, the in-process runner (lib/server/jobs/local-runner.ts) works
-- this table with the same task names and payloads. app.enqueue_job is the one way in for both,
-- so a trigger or a verb enqueues inside its own transaction: a rolled-back change never runs a job.
create table public.app_jobs (
  id bigint generated always as identity primary key,
  task text not null check (task ~ '^[a-z][a-z0-9_.:-]{0,99}$'),
  payload jsonb not null default '{}'::jsonb,
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 25 check (max_attempts between 1 and 100),
  job_key text unique,
  locked_at timestamptz,
  locked_by text,
  last_error text,
  created_at timestamptz not null default now()
);
create index app_jobs_ready on public.app_jobs (run_at, id) where locked_at is null;

-- One row per schedule and minute that fired: several runners (or a restarted one) fire a
-- schedule once.
create table public.app_job_cron_runs (
  identifier text not null,
  fired_at timestamptz not null,
  primary key (identifier, fired_at)
);

alter table public.app_jobs enable row level security;
alter table public.app_job_cron_runs enable row level security;
-- No policies: requests never see or change jobs; the runner uses the system connection.
revoke all on public.app_jobs, public.app_job_cron_runs from anon, authenticated;

create function app.enqueue_job(p_task text, p_payload jsonb, p_run_at timestamptz default null,
                                p_job_key text default null, p_max_attempts integer default null)
returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if p_task is null or p_task !~ '^[a-z][a-z0-9_.:-]{0,99}$' then
    raise exception 'bad task name %', p_task using errcode = '22023';
  end if;
  if to_regnamespace('graphile_worker') is not null then
    execute 'select 1 from graphile_worker.add_job($1, $2::json, run_at => $3, max_attempts => $4, job_key => $5)'
      using p_task, coalesce(p_payload, '{}'::jsonb), coalesce(p_run_at, now()), coalesce(p_max_attempts, 25), p_job_key;
    return;
  end if;
  -- graphile-worker's job_key "replace" semantics: a waiting job with the key is replaced; a job
  -- with the key that is running keeps running and loses the key, and the new one is queued.
  if p_job_key is not null then
    update public.app_jobs set job_key = null where job_key = p_job_key and locked_at is not null;
  end if;
  insert into public.app_jobs (task, payload, run_at, max_attempts, job_key)
  values (p_task, coalesce(p_payload, '{}'::jsonb), coalesce(p_run_at, now()), coalesce(p_max_attempts, 25), p_job_key)
  on conflict (job_key) do update
    set task = excluded.task, payload = excluded.payload, run_at = excluded.run_at,
        max_attempts = excluded.max_attempts, attempts = 0, last_error = null;
end $$;
revoke execute on function app.enqueue_job(text, jsonb, timestamptz, text, integer) from public;
-- Verbs enqueue inside their withRls transaction. Enqueuing is harmless on its own: every task
-- re-reads its rows and does nothing when there is nothing to do (docs/jobs.md).
grant execute on function app.enqueue_job(text, jsonb, timestamptz, text, integer) to authenticated;

-- E-mail deliveries go out through the queue: each queued delivery gets a job in the transaction
-- that queued it (the sweep schedule picks up anything older).
create function app.enqueue_notification_delivery() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.status = 'queued' then
    perform app.enqueue_job('notify.deliver', jsonb_build_object('deliveryId', new.id), null, 'notify:' || new.id::text, 3);
  end if;
  return null;
end $$;
revoke execute on function app.enqueue_notification_delivery() from public;
create trigger notification_deliveries_enqueue after insert on public.notification_deliveries
  for each row execute function app.enqueue_notification_delivery();
