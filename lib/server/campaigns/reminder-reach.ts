import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';

/**
 * Who the reminders of a campaign reached, by channel, and who could not be reached at all (every
 * attempt found no address on any configured channel) — the list a counsellor or office phones.
 * Within the caller's scope by RLS (reminder_log policies).
 */
export async function reminderReach({ access, input }: { access: Access | null; input: { campaignId: string } }) {
  const me = requireRole(access, 'reviewer', 'registrar');
  const { campaignId } = z.object({ campaignId: z.uuid() }).parse(input);
  return withRls(me.ctx, async (tx) => {
    const byChannel = await tx.query<{ channel: string; students: number }>(
      `select ch as channel, count(distinct l.student_id)::int as students
       from public.reminder_log l cross join lateral unnest(l.channels) ch
       where l.campaign_id = $1 and l.status = 'sent' group by ch order by ch`,
      [campaignId],
    );
    const unreachable = await tx.query<{ student_number: string; name: string; class_name: string | null }>(
      `select s.student_number, s.name, s.class_name from public.students s
       where s.id in (select student_id from public.reminder_log where campaign_id = $1 and status = 'unreachable')
         and s.id not in (select student_id from public.reminder_log where campaign_id = $1 and status = 'sent')
       order by s.class_name nulls last, s.student_number limit 200`,
      [campaignId],
    );
    const [totals] = await tx.query<{ reached: number; reminded: number }>(
      `select count(distinct student_id) filter (where status = 'sent')::int as reached, count(distinct student_id)::int as reminded
       from public.reminder_log where campaign_id = $1`,
      [campaignId],
    );
    const [c] = await tx.query<{ reminder_offsets: number[] }>('select reminder_offsets from public.campaigns where id = $1', [campaignId]);
    return { offsets: c?.reminder_offsets ?? [], byChannel, unreachable, reached: totals?.reached ?? 0, reminded: totals?.reminded ?? 0 };
  });
}
