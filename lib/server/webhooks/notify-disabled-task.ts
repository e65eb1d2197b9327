import 'server-only';
import { z } from 'zod';
import { withAdmin } from '../db/admin';
import type { TaskHandler } from '../jobs/types';
import { getEmailChannel } from '../notify/channel';

const Payload = z.object({ endpointId: z.uuid() });

/**
 * Tells the administrators that an endpoint was disabled after too many failures: an e-mail to
 * each active admin (the admin webhooks page shows the same notice). Once per disabling: the
 * endpoint row is locked and disabled_notice_sent_at set in the same transaction.
 */
const notifyDisabled: TaskHandler = async (raw) => {
  const { endpointId } = Payload.parse(raw);
  const channel = getEmailChannel();
  await withAdmin(async (tx) => {
    const [e] = await tx.query<{ url: string; office: string; consecutive_failures: number }>(
      `select e.url, o.name_zh || ' / ' || o.name_en as office, e.consecutive_failures
       from public.webhook_endpoints e join public.offices o on o.id = e.office_id
       where e.id = $1 and e.disabled_at is not null
         and (e.disabled_notice_sent_at is null or e.disabled_notice_sent_at < e.disabled_at)
       for update of e`,
      [endpointId],
    );
    if (!e) return;
    const admins = await tx.query<{ email: string | null }>(
      `select distinct u.email from public.staff_roles r join public.app_users u on u.id = r.user_id
       where r.role = 'admin' and r.revoked_at is null and u.disabled_at is null and u.email is not null`,
    );
    if (channel) {
      for (const a of admins) {
        await channel.send({
          to: a.email!,
          subject: 'Webhook 端点已停用 / A webhook endpoint was disabled',
          text:
            `${e.office} 的 Webhook 端点 ${e.url} 连续 ${e.consecutive_failures} 次投递失败，已停用。请在“管理 → 部门 → Webhooks”检查后重新启用。\n\n` +
            `The webhook endpoint ${e.url} of ${e.office} failed ${e.consecutive_failures} times in a row and was disabled. Check it under Admin → Offices → Webhooks and enable it again.\n`,
        });
      }
    }
    await tx.query('update public.webhook_endpoints set disabled_notice_sent_at = now() where id = $1', [endpointId]);
  });
};
export default notifyDisabled;
