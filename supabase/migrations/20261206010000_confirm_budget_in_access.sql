-- Issue 14: the confirmation's per-person budget spent in its access statement, so a confirmation
-- is BEGIN, access (with the budget), confirm, COMMIT — four statements (decision 141).
--
-- app.take_budget(key, window, now) spends one point of a rate-limit window in public.rate_limits
-- with the statement rate-limiter-flexible's RateLimiterPostgres runs for consume() — the same
-- table, key ("<kind>:<subject>"), arithmetic and the caller's clock (epoch ms) — so a point spent
-- here and one spent by the library (lib/server/ratelimit, `limit()`) count in one window. It
-- answers the window as the library reads it: {"points": consumed, "expire": end in ms}.
--
-- app.request_access_spending(role, claims, session, key, window, now) spends the point and
-- then is app.request_access, its answer with "budget" added. The point is spent first, as the
-- login role: rate_limits is that role's alone (RLS on, no policy), and request_access switches
-- to the request's role. Both SECURITY INVOKER; only the login role (the owner) may call them.

create function app.take_budget(p_key text, p_window_ms bigint, p_now_ms bigint)
returns jsonb
language sql volatile security invoker set search_path = '' as $$
  insert into public.rate_limits as r (key, points, expire) values (p_key, 1, p_now_ms + p_window_ms)
  on conflict (key) do update set
    points = case when r.expire <= p_now_ms then 1 else r.points + 1 end,
    expire = case when r.expire <= p_now_ms then p_now_ms + p_window_ms else r.expire end
  returning jsonb_build_object('points', r.points, 'expire', r.expire)
$$;
revoke execute on function app.take_budget(text, bigint, bigint) from public;

create function app.request_access_spending(p_role text, p_claims text, p_session uuid, p_budget_key text, p_window_ms bigint, p_now_ms bigint)
returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  b jsonb;
begin
  b := app.take_budget(p_budget_key, p_window_ms, p_now_ms);
  return app.request_access(p_role, p_claims, p_session) || jsonb_build_object('budget', b);
end $$;
revoke execute on function app.request_access_spending(text, text, uuid, text, bigint, bigint) from public;
