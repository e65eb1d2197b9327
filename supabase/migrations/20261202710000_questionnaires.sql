-- Issue 12, part 3: questionnaires from the verification office to students and offices.
--
-- Anonymity is structural: an anonymous answer is a row with no respondent column at all worth
-- the name (respondent_id is null, enforced), no timestamp finer than the day, and the "has
-- answered" fact lives in questionnaire_participants, keyed by person, with no column pointing
-- at the answer. One answer per person is that table's primary key. Both rows are written by one
-- definer function, so nobody inserts either table directly (decision 073).

create table public.questionnaires (
  id uuid primary key default gen_random_uuid(),
  title text not null check (length(title) between 1 and 100),
  description text check (length(description) <= 1000),
  anonymous boolean not null default false,
  to_students boolean not null default true,
  to_offices boolean not null default false,
  status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
  created_by uuid not null references public.app_users (id),
  created_at timestamptz not null default now(),
  opened_at timestamptz,
  closed_at timestamptz,
  check (to_students or to_offices)
);

create table public.questionnaire_questions (
  id uuid primary key default gen_random_uuid(),
  questionnaire_id uuid not null references public.questionnaires (id) on delete cascade,
  position integer not null check (position between 1 and 50),
  kind text not null check (kind in ('single', 'multiple', 'scale', 'text')),
  prompt text not null check (length(prompt) between 1 and 300),
  options text[] not null default '{}' check (cardinality(options) <= 20),
  required boolean not null default true,
  unique (questionnaire_id, position),
  check ((kind in ('single', 'multiple')) = (cardinality(options) >= 2))
);

create table public.questionnaire_responses (
  id uuid primary key default gen_random_uuid(),
  questionnaire_id uuid not null references public.questionnaires (id),
  -- null for an anonymous questionnaire (checked by the function that writes it)
  respondent_id uuid references public.app_users (id),
  -- { question_id: "option" | ["option", ...] | 1..5 | "free text" }
  answers jsonb not null,
  -- the day only: a time to the second would let anyone line answers up with the participants
  submitted_on date not null default (now() at time zone 'Asia/Shanghai')::date
);
create index questionnaire_responses_by_q on public.questionnaire_responses (questionnaire_id);

create table public.questionnaire_participants (
  questionnaire_id uuid not null references public.questionnaires (id),
  user_id uuid not null references public.app_users (id),
  primary key (questionnaire_id, user_id)
);

-- Who may answer: an open questionnaire sent to students (the caller is on the roster) or to
-- offices (the caller holds an office role).
create function app.may_answer_questionnaire(p_q uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.questionnaires q where q.id = p_q and q.status = 'open'
      and ((q.to_students and app.my_student_id() is not null) or (q.to_offices and app.has_role('office')))
  )
$$;

create function app.answer_questionnaire(p_q uuid, p_answers jsonb) returns boolean
language plpgsql volatile security definer set search_path = '' as $$
declare
  anon boolean;
begin
  if auth.uid() is null or not app.may_answer_questionnaire(p_q) then
    raise exception 'not open to the caller' using errcode = 'insufficient_privilege';
  end if;
  insert into public.questionnaire_participants (questionnaire_id, user_id) values (p_q, auth.uid())
  on conflict do nothing;
  if not found then
    return false; -- already answered: one answer per person
  end if;
  select q.anonymous into anon from public.questionnaires q where q.id = p_q;
  insert into public.questionnaire_responses (questionnaire_id, respondent_id, answers)
  values (p_q, case when anon then null else auth.uid() end, p_answers);
  return true;
end $$;

revoke execute on function app.may_answer_questionnaire(uuid), app.answer_questionnaire(uuid, jsonb) from public;
grant execute on function app.may_answer_questionnaire(uuid), app.answer_questionnaire(uuid, jsonb) to authenticated;

alter table public.questionnaires enable row level security;
alter table public.questionnaire_questions enable row level security;
alter table public.questionnaire_responses enable row level security;
alter table public.questionnaire_participants enable row level security;
revoke all on public.questionnaires, public.questionnaire_questions, public.questionnaire_responses, public.questionnaire_participants from anon, authenticated;

grant select, insert on public.questionnaires to authenticated;
grant update (title, description, status, opened_at, closed_at) on public.questionnaires to authenticated;
create policy questionnaires_registrar on public.questionnaires for select to authenticated using ((select app.has_role('registrar')));
create policy questionnaires_respondent on public.questionnaires for select to authenticated using (app.may_answer_questionnaire(id));
create policy questionnaires_registrar_insert on public.questionnaires for insert to authenticated
  with check ((select app.has_role('registrar')) and created_by = auth.uid() and status = 'draft');
create policy questionnaires_registrar_update on public.questionnaires for update to authenticated
  using ((select app.has_role('registrar')) and status <> 'closed') with check ((select app.has_role('registrar')));

grant select, insert on public.questionnaire_questions to authenticated;
create policy questions_read on public.questionnaire_questions for select to authenticated
  using (questionnaire_id in (select id from public.questionnaires));
create policy questions_registrar_insert on public.questionnaire_questions for insert to authenticated
  with check ((select app.has_role('registrar')) and questionnaire_id in (select id from public.questionnaires where status = 'draft'));

-- Answers: the verification office reads them; respondents only through the function above.
grant select on public.questionnaire_responses to authenticated;
create policy responses_registrar_read on public.questionnaire_responses for select to authenticated using ((select app.has_role('registrar')));

grant select on public.questionnaire_participants to authenticated;
create policy participants_self on public.questionnaire_participants for select to authenticated using (user_id = auth.uid());
create policy participants_registrar on public.questionnaire_participants for select to authenticated using ((select app.has_role('registrar')));
