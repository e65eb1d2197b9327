import 'server-only';
import { withAdmin } from '../db/admin';
import { getEnv } from '../env';
import { configuredChannels, type Channel, type Contact, type ReminderMessage } from './channels';

/**
 * Reminders that reach everyone: the scheduled ones (N days before a campaign's deadline) and the
 * counsellors' one-tap ones are rows of public.reminder_log, unique per student, campaign and
 * occasion, and this system job sends the queued rows through every channel that has an address
 * for the student — so a student who never signed in is reached through the roster's e-mail.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // China has no daylight saving time

export function shanghaiHour(now: Date): number {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).getUTCHours();
}
export function shanghaiDay(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** True inside REMINDER_QUIET_HOURS (Beijing time); "22-8" wraps midnight, "0-0" means never. */
export function inQuietHours(now: Date, q = getEnv().reminders.quietHours): boolean {
  const h = shanghaiHour(now);
  if (q.start === q.end) return false;
  return q.start < q.end ? h >= q.start && h < q.end : h >= q.start || h < q.end;
}

function render(name: string, campaign: string, closesAt: Date): ReminderMessage {
  const deadline = new Date(closesAt.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ') + '（北京时间 / Beijing time）';
  return {
    subject: '请确认您的学籍身份信息 / Please confirm your identity information',
    text:
      `${name} 同学，您好：\n\n「${campaign}」信息确认将于 ${deadline} 截止，请登录校园身份核验完成确认。\n\n` +
      `Hello ${name},\n\nThe confirmation "${campaign}" closes on ${deadline}. Please sign in to Campus ID Verify and confirm your information.\n`,
  };
}

export interface DispatchResult {
  sent: number;
  unreachable: number;
  failed: number;
  deferred: boolean;
}

/** Sends queued reminders (at most `limit`), each once; outside quiet hours only. */
export async function dispatchQueuedReminders({
  now = new Date(),
  channels = configuredChannels(),
  limit = 200,
}: { now?: Date; channels?: Channel[]; limit?: number } = {}): Promise<DispatchResult> {
  const out: DispatchResult = { sent: 0, unreachable: 0, failed: 0, deferred: false };
  if (inQuietHours(now)) return { ...out, deferred: true };
  return withAdmin(async (tx) => {
    const rows = await tx.query<{
      id: string;
      task_student: string;
      campaign_id: string;
      student_number: string;
      name: string;
      email: string | null;
      phone: string | null;
      campaign: string;
      closes_at: Date;
      attempts: number;
    }>(
      `select l.id, l.student_id as task_student, l.campaign_id, s.student_number, s.name, coalesce(s.email, u.email) as email, s.phone,
              c.name as campaign, c.closes_at, l.attempts
       from public.reminder_log l join public.students s on s.id = l.student_id join public.campaigns c on c.id = l.campaign_id
       left join public.app_users u on u.id = s.user_id
       where l.status = 'queued' order by l.created_at limit $1 for update of l skip locked`,
      [limit],
    );
    for (const r of rows) {
      const contact: Contact = { studentNumber: r.student_number, name: r.name, email: r.email, phone: r.phone };
      const message = render(r.name, r.campaign, r.closes_at);
      const reached: string[] = [];
      const errors: string[] = [];
      let addressed = 0;
      for (const ch of channels) {
        const to = ch.addressOf(contact);
        if (!to) continue;
        addressed++;
        try {
          await ch.send(to, message);
          reached.push(ch.name);
        } catch (e) {
          errors.push(`${ch.name}: ${(e as Error).message}`);
        }
      }
      if (reached.length) {
        await tx.query(
          `update public.reminder_log set status = 'sent', channels = $2, attempts = attempts + 1, sent_at = $3, last_error = left($4, 500) where id = $1`,
          [r.id, reached, now, errors.join('; ') || null],
        );
        await tx.query(`update public.confirmation_tasks set last_reminded_at = $3 where campaign_id = $1 and student_id = $2`, [
          r.campaign_id,
          r.task_student,
          now,
        ]);
        out.sent++;
      } else if (!addressed) {
        await tx.query(
          `update public.reminder_log set status = 'unreachable', attempts = attempts + 1, last_error = 'no address on any configured channel' where id = $1`,
          [r.id],
        );
        out.unreachable++;
      } else {
        // Kept queued for the next run until three attempts have failed.
        await tx.query(
          `update public.reminder_log set attempts = attempts + 1, last_error = left($2, 500),
                          status = case when attempts + 1 >= 3 then 'failed' else 'queued' end where id = $1`,
          [r.id, errors.join('; ')],
        );
        out.failed++;
      }
    }
    return out;
  });
}

export interface ScheduledResult extends DispatchResult {
  queued: number;
}

/**
 * The scheduled task (the job queue calls it every few minutes; also `npm run reminders`): for
 * each open campaign whose most recent reminder offset is due, queues one reminder per unfinished
 * student under the key "offset:N", then sends the queue. Run twice with the same `now`, it queues
 * nothing the second time. In quiet hours it does nothing, so the reminders go out after them.
 */
export async function runScheduledReminders({ now = new Date(), channels }: { now?: Date; channels?: Channel[] } = {}): Promise<ScheduledResult> {
  if (inQuietHours(now)) return { queued: 0, sent: 0, unreachable: 0, failed: 0, deferred: true };
  const queued = await withAdmin(async (tx) => {
    // The smallest offset already reached is the one due now; earlier ones missed while the job was
    // down are not sent late on top of it.
    const rows = await tx.query<{ campaign_id: string; n: number }>(
      `with due as (
         select c.id, (select min(o) from unnest(c.reminder_offsets) o where $1::timestamptz >= c.closes_at - make_interval(days => o)) as offset_days
         from public.campaigns c where c.status = 'open' and c.opens_at <= $1::timestamptz and $1::timestamptz < c.closes_at
       ), ins as (
         insert into public.reminder_log (campaign_id, student_id, reminder_key, source, created_at)
         select t.campaign_id, t.student_id, 'offset:' || d.offset_days, 'schedule', $1::timestamptz
         from due d join public.confirmation_tasks t on t.campaign_id = d.id
         where d.offset_days is not null and t.status = 'pending'
         on conflict (campaign_id, student_id, reminder_key) do nothing
         returning campaign_id
       ) select campaign_id, count(*)::int as n from ins group by campaign_id`,
      [now],
    );
    for (const r of rows) {
      await tx.query(
        `insert into public.audit_events (actor_role, action, entity_type, entity_id, details) values ('system', 'reminders.scheduled', 'campaign', $1, $2::text::jsonb)`,
        [r.campaign_id, JSON.stringify({ queued: r.n })],
      );
    }
    return rows.reduce((s, r) => s + r.n, 0);
  });
  const sent = await dispatchQueuedReminders({ now, channels });
  return { queued, ...sent };
}
