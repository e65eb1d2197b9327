-- Secret rotation for webhook endpoints (decision 051, docs/sharing.md "Webhooks").
--
-- Requests can never select an endpoint's secret columns (a secret is shown once), so moving the
-- current secret to "previous" cannot be an ordinary update: an update that reads secret_enc needs
-- select on it. This narrow definer function does exactly that move for an admin, and nothing else.
-- With an overlap of 0 the old secret stops signing at once.
create function app.rotate_webhook_secret(p_endpoint uuid, p_secret_enc text, p_overlap_hours numeric)
returns timestamptz
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_until timestamptz;
begin
  if not app.has_role('admin') then
    raise exception 'only an administrator rotates webhook secrets' using errcode = '42501';
  end if;
  if p_secret_enc is null or p_overlap_hours is null or p_overlap_hours < 0 or p_overlap_hours > 720 then
    raise exception 'bad rotation arguments' using errcode = '22023';
  end if;
  update public.webhook_endpoints
     set previous_secret_enc = case when p_overlap_hours > 0 then secret_enc end,
         previous_secret_expires_at = case when p_overlap_hours > 0 then now() + make_interval(secs => p_overlap_hours * 3600) end,
         secret_enc = p_secret_enc
   where id = p_endpoint
  returning previous_secret_expires_at into v_until;
  if not found then
    raise exception 'no such webhook endpoint' using errcode = '42501';
  end if;
  return v_until;
end $$;
revoke execute on function app.rotate_webhook_secret(uuid, text, numeric) from public;
grant execute on function app.rotate_webhook_secret(uuid, text, numeric) to authenticated;

-- The delivery log filters one endpoint's deliveries by status (e.g. "failed").
create index webhook_deliveries_by_endpoint_status on public.webhook_deliveries (endpoint_id, status, created_at desc);
