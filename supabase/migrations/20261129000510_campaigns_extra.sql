-- Step 5 follow-up: field tiers an admin may choose, enforced where the data lives.
--
-- Roster fields come from the registrar's 学籍 import and never change online; only contact
-- details can take effect without a reviewer (app.apply_self_service refuses a self-service
-- version that touches an identity field, so that tier on another field would only fail later).
-- lib/server/campaigns/set-field-policy.ts says the same to the admin with a message.
alter table public.field_policies add constraint field_policies_roster_locked
  check (field not in ('studentNumber', 'department', 'cohort') or tier = 'locked');
alter table public.field_policies add constraint field_policies_self_service_contact
  check (tier <> 'self_service' or field in ('phone', 'email'));

-- The dashboard's cumulative-confirmations chart reads a campaign's confirmation times.
create index confirmation_tasks_confirmed_at on public.confirmation_tasks (campaign_id, confirmed_at) where confirmed_at is not null;
