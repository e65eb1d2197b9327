-- Departments, offices, campaigns and field policies were readable by every `authenticated`
-- role (`using (true)`). On Supabase that includes any Supabase Auth account, also one that is no
-- person of ours (a stray sign-up through the project's public auth endpoint). They now need a
-- signed-in app user: an enabled app_users row for auth.uid() (issue 8, item 8; decision 114).

create function app.is_app_user() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.app_users u where u.id = auth.uid() and u.disabled_at is null)
$$;
revoke execute on function app.is_app_user() from public;
grant execute on function app.is_app_user() to authenticated;

drop policy departments_read on public.departments;
create policy departments_read on public.departments for select to authenticated using (app.is_app_user());

-- An office's API client (no auth.uid()) reads its own office row: the /api/v1 routes name it.
drop policy offices_read on public.offices;
create policy offices_read on public.offices for select to authenticated
  using (app.is_app_user() or id in (select app.my_office_ids()));

drop policy campaigns_read on public.campaigns;
create policy campaigns_read on public.campaigns for select to authenticated using (app.is_app_user());

drop policy field_policies_read on public.field_policies;
create policy field_policies_read on public.field_policies for select to authenticated using (app.is_app_user());
