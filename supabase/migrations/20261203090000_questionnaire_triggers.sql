-- Issue 12, part 3: when a questionnaire reaches its audience. "now" is what sending always did;
-- "after_verification" shows it to a student once their identity record is verified; and
-- "campaign_close" shows it, once the semester confirmation campaign it names has closed (by
-- hand or by its closing time passing), to that campaign's students and to the offices it was sent
-- to. Both are decided when the questionnaire is read, so nothing has to fire on time and a
-- record verified or a campaign closed later still brings it.

alter table public.questionnaires
  add column send_when text not null default 'now' check (send_when in ('now', 'after_verification', 'campaign_close')),
  add column campaign_id uuid references public.campaigns (id),
  add constraint questionnaires_campaign_when check ((send_when = 'campaign_close') = (campaign_id is not null));

create or replace function app.may_answer_questionnaire(p_q uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.questionnaires q
    left join public.campaigns c on c.id = q.campaign_id
    where q.id = p_q and q.status = 'open'
      and (q.send_when <> 'campaign_close' or c.status = 'closed' or c.closes_at <= now())
      and (
        (q.to_students and app.my_student_id() is not null
          and (q.send_when <> 'after_verification' or exists (
                 select 1 from public.identity_records r where r.student_id = app.my_student_id() and r.state = 'verified'))
          and (q.send_when <> 'campaign_close' or exists (
                 select 1 from public.confirmation_tasks t where t.campaign_id = q.campaign_id and t.student_id = app.my_student_id())))
        or (q.to_offices and app.has_role('office'))
      )
  )
$$;
