-- Rate limits that hold across app instances (issue 8, item 5; decision 110).
-- rate-limiter-flexible's RateLimiterPostgres keeps one row per limited key here. Its own
-- CREATE TABLE is never run (tableCreated: true): the shape is the library's, the table is ours.
-- `key` is "<kind>:<subject>", points the count in the current window, expire the window's end
-- in epoch milliseconds.
create table public.rate_limits (
  key varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);
create index rate_limits_by_expire on public.rate_limits (expire);

-- Only the app's own connection (the table owner) touches it. RLS on and no policy means a
-- Supabase API role that somehow got a grant still reads and writes nothing.
alter table public.rate_limits enable row level security;
revoke all on public.rate_limits from public, anon, authenticated;
