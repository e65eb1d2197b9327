import 'server-only';
import { z } from 'zod';
import { hasRole, requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import type { Channel } from '../notify/channels';
import { dispatchQueuedReminders } from '../notify/reminders';

const ZReminders = z.object({ campaignId: z.uuid(), departmentId: z.uuid(), idempotencyKey: z.uuid() });

export interface RemindersResult {
  /** students reached: in the app (and their account's e-mail) or through a roster channel */
  recipients: number;
  /** signed-in students notified in the app */
  inApp: number;
  /** never-signed-in students reached through the roster's e-mail (or SMS/企业微信) */
  roster: number;
  /** never-signed-in students with no address on any configured channel */
  unreachable: number;
  duplicate: boolean;
}

/**
 * One action: remind every student of a department who has not finished. A student who signed in
 * gets an in-app notice (and its e-mail to the account); a student who never signed in has no
 * account, so a reminder is queued for them in reminder_log and sent through the roster's e-mail
 * (and SMS/企业微信 where configured) by the same delivery code as the scheduled reminders. The
 * batch key makes a repeated click or a retried request a no-op; each student is reminded once
 * per batch, and only students actually reached are counted or marked reminded.
 */
export async function sendReminders({
  access,
  input,
  now = new Date(),
  channels,
}: {
  access: Access | null;
  input: z.input<typeof ZReminders>;
  now?: Date;
  channels?: Channel[];
}): Promise<RemindersResult> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const { campaignId, departmentId, idempotencyKey } = ZReminders.parse(input);
  const batch = await withRls(me.ctx, async (tx) => {
    const [done] = await tx.query<{ recipients: number }>('select recipients from public.reminder_batches where idempotency_key = $1', [idempotencyKey]);
    if (done) return { inApp: done.recipients, duplicate: true };
    const [c] = await tx.query<{ name: string; closes_at: Date; open: boolean }>(
      `select name, closes_at, status = 'open' and now() < closes_at as open from public.campaigns where id = $1`,
      [campaignId],
    );
    if (!c) throw new AppError('not_found');
    if (!c.open) throw new AppError('conflict', { userMessage: 'campaigns.errors.closed' });
    const [inScope] = await tx.query('select 1 from public.departments where id = $1 and id in (select app.reviewable_departments())', [departmentId]);
    if (!inScope) throw new AppError('forbidden', { message: `department ${departmentId} is not in the caller's scope` });
    const deadline = c.closes_at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    // Signed-in students: an in-app notice (its e-mail goes to the account through the job queue).
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
    // Students who never signed in: queued for the roster's channels (sent below, after commit;
    // last_reminded_at is set only for those a channel accepted).
    const queued = await tx.query<{ id: string }>(
      `insert into public.reminder_log (campaign_id, student_id, reminder_key, source, requested_by)
       select $1, t.student_id, 'staff:' || $3::text, 'staff', $4
       from public.confirmation_tasks t join public.students s on s.id = t.student_id
       where t.campaign_id = $1 and t.department_id = $2 and t.status = 'pending' and s.user_id is null
       on conflict (campaign_id, student_id, reminder_key) do nothing returning id`,
      [campaignId, departmentId, idempotencyKey, me.user.id],
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
      details: { department_id: departmentId, in_app: rows.length, roster_queued: queued.length },
    });
    return { inApp: rows.length, duplicate: false };
  });
  // Sends every queued reminder (this batch's among them) unless it is quiet hours; then the
  // scheduled job sends them after. Counted from this batch's own rows, not the whole queue, so
  // a replay of the same key answers what the batch reached.
  if (!batch.duplicate) await dispatchQueuedReminders({ now, channels });
  const reach = await withRls(me.ctx, (tx) =>
    tx.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from public.reminder_log where campaign_id = $1 and reminder_key = 'staff:' || $2::text group by status`,
      [campaignId, idempotencyKey],
    ),
  );
  const count = (st: string) => reach.find((r) => r.status === st)?.n ?? 0;
  const roster = count('sent');
  return { recipients: batch.inApp + roster, inApp: batch.inApp, roster, unreachable: count('unreachable'), duplicate: batch.duplicate };
}
