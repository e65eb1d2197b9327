import 'server-only';
import { ZSetWebhookEnabled, type TSetWebhookEnabled } from '@/lib/schemas/webhooks';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { parseInput } from '../sharing/internal/parse';

/**
 * Admin: disables or enables an endpoint. While disabled its events still go to the outbox (as
 * pending deliveries); enabling it resets the failure run and queues every pending delivery in
 * the same transaction, so nothing that happened meanwhile is lost. Repeating either is a no-op.
 */
export async function setWebhookEndpointEnabled({
  access,
  input,
}: {
  access: Access | null;
  input: TSetWebhookEnabled;
}): Promise<{ changed: boolean; queued: number }> {
  const me = requireRole(access, 'admin');
  const { endpointId, enabled } = parseInput(ZSetWebhookEnabled, input);
  return withRls(me.ctx, async (tx) => {
    const [e] = await tx.query<{ office_id: string; disabled_at: Date | null; disabled_reason: string | null }>(
      'select office_id, disabled_at, disabled_reason from public.webhook_endpoints where id = $1 for update',
      [endpointId],
    );
    if (!e) throw new AppError('not_found');
    if (enabled === (e.disabled_at === null)) return { changed: false, queued: 0 };
    let queued = 0;
    if (enabled) {
      await tx.query('update public.webhook_endpoints set disabled_at = null, disabled_reason = null, consecutive_failures = 0 where id = $1', [endpointId]);
      const rows = await tx.query(
        `select app.enqueue_job('webhook.deliver', jsonb_build_object('deliveryId', d.id), null, 'webhook:' || d.id::text, 25)
         from public.webhook_deliveries d where d.endpoint_id = $1 and d.status = 'pending'`,
        [endpointId],
      );
      queued = rows.length;
    } else {
      await tx.query(`update public.webhook_endpoints set disabled_at = now(), disabled_reason = 'admin' where id = $1`, [endpointId]);
    }
    await audit(tx, me.ctx, {
      action: enabled ? 'webhook.endpoint_enable' : 'webhook.endpoint_disable',
      entityType: 'webhook_endpoint',
      entityId: endpointId,
      actorRole: 'admin',
      details: { office_id: e.office_id, endpoint_id: endpointId, previous_reason: e.disabled_reason, queued },
    });
    return { changed: true, queued };
  });
}
