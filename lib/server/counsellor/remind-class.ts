import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import type { Channel } from '../notify/channels';
import { dispatchQueuedReminders, shanghaiDay } from '../notify/reminders';

const ZRemind = z.object({ className: z.string().trim().min(1).max(50) });

/**
 * 一键催办: one reminder to every unfinished student of one of the counsellor's classes for the
 * running campaign, at most once per student per (Beijing) day — the key "counsellor:<day>" makes
 * a second tap, or a retried request, insert nothing. The rows are queued through RLS (only the
 * counsellor's own classes' students pass the policy) and sent by the delivery job, right away
 * unless it is quiet hours.
 */
export async function remindClass({
  access,
  input,
  now = new Date(),
  channels,
}: {
  access: Access | null;
  input: z.input<typeof ZRemind>;
  now?: Date;
  channels?: Channel[];
}) {
  const me = requireRole(access, 'counsellor');
  const { className } = ZRemind.parse(input);
  if (!me.grants.some((g) => g.role === 'counsellor' && g.className === className)) {
    throw new AppError('forbidden', { message: `class ${className} is not granted to the caller` });
  }
  const queued = await withRls(me.ctx, async (tx) => {
    const [c] = await tx.query<{ id: string }>(
      `select id from public.campaigns where status = 'open' and opens_at <= $1 and $1 < closes_at order by closes_at limit 1`,
      [now],
    );
    if (!c) throw new AppError('conflict', { userMessage: 'counsellor.errors.noCampaign' });
    const rows = await tx.query<{ id: string }>(
      `insert into public.reminder_log (campaign_id, student_id, reminder_key, source, requested_by)
       select $1, s.id, $3, 'counsellor', $4
       from public.students s
       left join app.class_record_states() r on r.student_id = s.id
       left join public.confirmation_tasks t on t.student_id = s.id and t.campaign_id = $1
       where s.class_name = $2
         and not (coalesce(r.state, 'draft') = 'verified' and coalesce(t.status, 'confirmed') = 'confirmed')
       on conflict (campaign_id, student_id, reminder_key) do nothing returning id`,
      [c.id, className, `counsellor:${shanghaiDay(now)}`, me.user.id],
    );
    await audit(tx, me.ctx, {
      action: 'counsellor.remind',
      entityType: 'campaign',
      entityId: c.id,
      actorRole: 'counsellor',
      details: { class_name: className, queued: rows.length },
    });
    return rows.length;
  });
  const sent = await dispatchQueuedReminders({ now, channels });
  return { queued, ...sent };
}
