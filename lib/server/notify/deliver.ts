import 'server-only';
import { withAdmin } from '../db/admin';
import type { NotificationChannel, OutgoingMessage } from './channel';

interface Pending {
  id: string;
  kind: 'reminder' | 'correction_outcome';
  params: Record<string, string | null>;
  email: string | null;
  name: string | null;
}

/** Bilingual, since the channel does not know the reader's language choice. */
export function render(p: Pending): Omit<OutgoingMessage, 'to'> {
  if (p.kind === 'reminder') {
    return {
      subject: '请确认您的学籍身份信息 / Please confirm your identity information',
      text:
        `${p.name ?? '同学'}，您好：\n\n「${p.params.campaign ?? ''}」信息确认将于 ${p.params.deadline ?? ''} 截止，请登录校园身份核验完成确认。\n\n` +
        `Hello ${p.name ?? ''},\n\nThe confirmation "${p.params.campaign ?? ''}" closes on ${p.params.deadline ?? ''}. Please sign in to Campus ID Verify and confirm your information.\n`,
    };
  }
  const approved = p.params.outcome === 'approve';
  return {
    subject: approved ? '您的信息更正已通过 / Your correction was approved' : '您的信息更正未通过 / Your correction was not approved',
    text: approved
      ? '您的信息更正申请已审核通过。\n\nYour correction request has been approved.\n'
      : '您的信息更正申请未通过，请登录查看原因。\n\nYour correction request was not approved. Sign in to see why.\n',
  };
}

/**
 * The delivery worker, a system job: sends queued e-mail deliveries, at most `limit` per run,
 * each exactly once (rows are claimed with SKIP LOCKED and marked in the same transaction).
 * Without a channel (SMTP not configured) deliveries are marked skipped — the in-app notice is
 * the one that always exists.
 */
export async function deliverQueued(
  channel: NotificationChannel | null,
  limit = 50,
  onlyId: string | null = null,
): Promise<{ sent: number; failed: number; skipped: number }> {
  return withAdmin(async (tx) => {
    const rows = await tx.query<Pending & { delivery_id: string }>(
      `select d.id as delivery_id, n.id, n.kind, n.params, u.email, u.display_name as name
       from public.notification_deliveries d join public.notifications n on n.id = d.notification_id
       join public.app_users u on u.id = n.user_id
       where d.status = 'queued' and d.channel = 'email' and ($2::uuid is null or d.id = $2::uuid)
       order by d.created_at limit $1 for update of d skip locked`,
      [limit, onlyId],
    );
    const out = { sent: 0, failed: 0, skipped: 0 };
    for (const r of rows) {
      if (!channel || !r.email) {
        await tx.query(`update public.notification_deliveries set status = 'skipped', attempts = attempts + 1 where id = $1`, [r.delivery_id]);
        out.skipped++;
        continue;
      }
      try {
        await channel.send({ to: r.email, ...render(r) });
        await tx.query(`update public.notification_deliveries set status = 'sent', attempts = attempts + 1, sent_at = now() where id = $1`, [r.delivery_id]);
        out.sent++;
      } catch (e) {
        // Kept queued for the next run until three attempts have failed.
        await tx.query(
          `update public.notification_deliveries set attempts = attempts + 1, last_error = left($2, 500),
             status = case when attempts + 1 >= 3 then 'failed' else 'queued' end where id = $1`,
          [r.delivery_id, (e as Error).message],
        );
        out.failed++;
      }
    }
    return out;
  });
}
