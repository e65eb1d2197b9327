import 'server-only';
import { hasRole, requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

export interface QuestionnaireRow {
  id: string;
  title: string;
  anonymous: boolean;
  status: string;
  to_students: boolean;
  to_offices: boolean;
  send_when: 'now' | 'after_verification' | 'campaign_close';
  campaign_name: string | null;
  created_at: Date;
  responses: number;
}

/** The office's list, with response counts. */
export async function listQuestionnaires({ access }: { access: Access | null }): Promise<QuestionnaireRow[]> {
  const me = requireRole(access, 'registrar');
  return withRls(me.ctx, (tx) =>
    tx.query<QuestionnaireRow>(
      `select q.id, q.title, q.anonymous, q.status, q.to_students, q.to_offices, q.send_when, c.name as campaign_name, q.created_at,
            (select count(*)::int from public.questionnaire_participants p where p.questionnaire_id = q.id) as responses
     from public.questionnaires q left join public.campaigns c on c.id = q.campaign_id order by q.created_at desc`,
    ),
  );
}

/** Open questionnaires the caller may answer and has not answered yet (students and offices). */
export async function listMyQuestionnaires({ access }: { access: Access | null }): Promise<{ id: string; title: string }[]> {
  if (!access) throw new AppError('unauthenticated');
  if (!access.student && !hasRole(access, 'office')) return [];
  return withRls(access.ctx, (tx) =>
    tx.query<{ id: string; title: string }>(
      `select q.id, q.title from public.questionnaires q
     where q.status = 'open' and app.may_answer_questionnaire(q.id)
       and not exists (select 1 from public.questionnaire_participants p where p.questionnaire_id = q.id and p.user_id = auth.uid())
     order by q.opened_at desc`,
    ),
  );
}
