import 'server-only';
import { z } from 'zod';
import { hasRole, requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

const ZReminders = z.object({ campaignId: z.uuid(), departmentId: z.uuid(), idempotencyKey: z.uuid() });

/**
 * One action: remind every student of a department who has not finished. The batch key makes a
 * repeated click or a retried request a no-op; each student gets one in-app notice per batch.
 */
export async function sendReminders({
  access,
  input,
}: {
  access: Access | null;
  input: z.input<typeof ZReminders>;
}): Promise<{ recipients: number; duplicate: boolean }> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const { campaignId, departmentId, idempotencyKey } = ZReminders.parse(input);
  return withRls(me.ctx, async (tx) => {
    const [done] = await tx.query<{ recipients: number }>('select recipients from public.reminder_batches where idempotency_key = $1', [idempotencyKey]);
    if (done) return { recipients: done.recipients, duplicate: true };
    const [c] = await tx.query<{ name: string; closes_at: Date; open: boolean }>(
      `select name, closes_at, status = 'open' and now() < closes_at as open from public.campaigns where id = $1`,
      [campaignId],
    );
    if (!c) throw new AppError('not_found');
    if (!c.open) throw new AppError('conflict', { userMessage: 'campaigns.errors.closed' });
    const [inScope] = await tx.query('select 1 from public.departments where id = $1 and id in (select app.reviewable_departments())', [departmentId]);
    if (!inScope) throw new AppError('forbidden', { message: `department ${departmentId} is not in the caller's scope` });
    const deadline = c.closes_at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    // Only students the notice actually reached are recorded as reminded: a student who never
    // signed in has no account to notify, and marking them reminded hid them from follow-up.
    const rows = await tx.query<{ id: string }>(
      `with sent as (
         insert into public.notifications (user_id, kind, params, idempotency_key)
         select s.user_id, 'reminder', jsonb_build_object('campaign', $3::text, 'deadline', $4::text, 'task_id', t.id), $5::text || ':' || t.id
         from public.confirmation_tasks t join public.students s on s.id = t.student_id
         where t.campaign_id = $1 and t.department_id = $2 and t.status = 'pending' and s.user_id is not null
         on conflict (idempotency_key) do nothing returning (params ->> 'task_id')::uuid as task_id
       )
       update public.confirmation_tasks set last_reminded_at = now() where id in (select task_id from sent) returning id`,
      [campaignId, departmentId, c.name, deadline, idempotencyKey],
    );
    await tx.query(`insert into public.reminder_batches (campaign_id, department_id, idempotency_key, recipients, sent_by) values ($1, $2, $3, $4, $5)`, [
      campaignId,
      departmentId,
      idempotencyKey,
      rows.length,
      me.user.id,
    ]);
    await audit(tx, me.ctx, {
      action: 'campaign.remind',
      entityType: 'campaign',
      entityId: campaignId,
      actorRole: hasRole(me, 'registrar') ? 'registrar' : 'reviewer',
      details: { department_id: departmentId, recipients: rows.length },
    });
    return { recipients: rows.length, duplicate: false };
  });
}
