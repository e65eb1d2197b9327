-- The webhook outbox trigger (20261202500100_webhooks.sql), narrowed:
--  * it looks at offices with a subscribed endpoint only, so a change nobody subscribed to (every
--    bulk verification before any office registers an endpoint) computes no payloads at all;
--  * a redaction goes only to offices that could have been sent the student, i.e. when the
--    student was ever verified (before, the student id alone went to every office with a grant).
-- Same outbox rows and jobs otherwise (decision 051, docs/webhooks.md).
create or replace function app.webhook_fanout() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_office uuid;
  v_data jsonb;
  v_endpoint record;
  v_delivery uuid;
begin
  if not exists (select 1 from public.webhook_endpoints e where new.type = any (e.events)) then
    return null;
  end if;
  for v_office in
    select distinct e.office_id
    from public.webhook_endpoints e
    join public.office_grants g on g.office_id = e.office_id and cardinality(g.fields) > 0
    where new.type = any (e.events)
      and case when new.type = 'student.redacted'
            then exists (select 1 from public.student_events p where p.student_id = new.student_id and p.type = 'student.verified')
            else e.office_id in (select o from app.offices_for_student(new.student_id) o)
          end
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
