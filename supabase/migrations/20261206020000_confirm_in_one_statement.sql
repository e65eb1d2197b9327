-- Issue 14: a confirmation in one statement (decision 141).
--
-- app.confirm_request(...) is the whole of POST /api/v1/confirm for a signed-in person, as one
-- statement and so one transaction (PostgreSQL runs a lone statement in its own):
--   1. app.take_budget spends the person's `confirm` point, as the login role (rate_limits is
--      that role's alone); over the budget, it answers with the window and does nothing else;
--   2. app.request_access sets the request's role and claims (SET LOCAL: they end with this
--      statement's transaction) and reads the session, account, grants and roster row under RLS;
--   3. with an Idempotency-Key, the key is claimed as lib/server/idempotency's once() claims it
--      (INSERT … ON CONFLICT DO NOTHING; a concurrent request with the same key waits for this one),
--      or the first request's stored answer is returned;
--   4. app.confirm_task (the lock, checks, version pin and audit event, unchanged).
-- Refusals come back as JSON; the point spent stands for every answer, as limit() counts every
-- request. A refused confirmation with a key gives the key back (the block's subtransaction is
-- rolled back), so a retry runs again — once()'s rule that a rolled-back request leaves no key.
-- SECURITY INVOKER: RLS decides every read and write after step 2. Only the login role may call it.
--
-- It replaces app.request_access_spending (20261206010000), which no code calls any more.

drop function app.request_access_spending(text, text, uuid, text, bigint, bigint);

create function app.confirm_request(
  p_role text, p_claims text, p_session uuid,
  p_budget_key text, p_budget_points integer, p_window_ms bigint, p_now_ms bigint,
  p_task uuid, p_ip text, p_user_agent text,
  p_key uuid, p_fingerprint text)
returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  b jsonb;
  a jsonb;
  r jsonb;
  me uuid;
  stu uuid;
  claimed uuid;
  prior record;
begin
  b := app.take_budget(p_budget_key, p_window_ms, p_now_ms);
  if (b->>'points')::integer > p_budget_points then
    return jsonb_build_object('budget', b);
  end if;
  a := app.request_access(p_role, p_claims, p_session);
  if not coalesce((a->>'live')::boolean, false) then
    return jsonb_build_object('budget', b, 'access', 'none');
  end if;
  stu := (a->'student'->>'id')::uuid;
  if stu is null then
    return jsonb_build_object('budget', b, 'access', 'not_student');
  end if;
  if p_key is null then
    return jsonb_build_object('budget', b, 'confirm', app.confirm_task(p_task, stu, p_ip, p_user_agent));
  end if;

  me := (a->'user'->>'id')::uuid;
  begin
    insert into public.idempotency_keys (user_id, verb, key, fingerprint)
      values (me, 'confirmation.confirm', p_key, p_fingerprint)
      on conflict (user_id, verb, key) do nothing returning key into claimed;
    if claimed is null then
      select k.fingerprint, k.result into prior from public.idempotency_keys k
       where k.user_id = me and k.verb = 'confirmation.confirm' and k.key = p_key;
      return jsonb_build_object('budget', b, 'replay',
        jsonb_build_object('fingerprint', prior.fingerprint, 'result', prior.result));
    end if;
    r := app.confirm_task(p_task, stu, p_ip, p_user_agent);
    if r ? 'error' then
      -- Caught below: undoes the claim (and nothing else was written).
      raise exception using errcode = 'CVR01';
    end if;
    -- The answer as once() stores it: {"v": <the verb's result>}.
    update public.idempotency_keys set result = jsonb_build_object('v',
        jsonb_build_object('versionId', r->>'version_id', 'duplicate', (r->>'duplicate')::boolean))
     where user_id = me and verb = 'confirmation.confirm' and key = p_key;
  exception when sqlstate 'CVR01' then
    null; -- r still holds the refusal
  end;
  return jsonb_build_object('budget', b, 'confirm', r);
end $$;
revoke execute on function app.confirm_request(text, text, uuid, text, integer, bigint, bigint, uuid, text, text, uuid, text) from public;
