import 'server-only';
import { ZResendDelivery, type TResendDelivery } from '@/lib/schemas/webhooks';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { enqueue } from '../jobs/enqueue';
import { parseInput } from '../sharing/internal/parse';

/**
 * Admin: delivers a message again, with the same webhook-id (receivers deduplicate on it) and the
 * same data. It is one more attempt now; if that fails, retries continue only while the delivery
 * has attempts left (WEBHOOK_MAX_ATTEMPTS). Refused while the endpoint is disabled: enable it
 * first, which queues every pending delivery anyway.
 */
export async function resendWebhookDelivery({ access, input }: { access: Access | null; input: TResendDelivery }): Promise<void> {
  const me = requireRole(access, 'admin');
  const { deliveryId } = parseInput(ZResendDelivery, input);
  await withRls(me.ctx, async (tx) => {
    const [d] = await tx.query<{ endpoint_id: string; office_id: string; student_id: string; status: string; disabled: boolean }>(
      `select d.endpoint_id, d.office_id, d.student_id, d.status, e.disabled_at is not null as disabled
       from public.webhook_deliveries d join public.webhook_endpoints e on e.id = d.endpoint_id
       where d.id = $1 for update of d`,
      [deliveryId],
    );
    if (!d) throw new AppError('not_found');
    if (d.disabled) throw new AppError('conflict', { message: 'endpoint disabled', userMessage: 'webhooks.errors.disabled' });
    await tx.query(`update public.webhook_deliveries set status = 'pending', next_attempt_at = now() where id = $1`, [deliveryId]);
    await enqueue(tx, 'webhook.deliver', { deliveryId }, { jobKey: `webhook:${deliveryId}` });
    await audit(tx, me.ctx, {
      action: 'webhook.resend',
      entityType: 'webhook_delivery',
      entityId: deliveryId,
      actorRole: 'admin',
      details: { office_id: d.office_id, endpoint_id: d.endpoint_id, student_id: d.student_id, status_before: d.status },
    });
  });
}
