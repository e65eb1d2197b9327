import 'server-only';
import { ZWebhookEndpointRef, type TWebhookEndpointRef } from '@/lib/schemas/webhooks';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { parseInput } from '../sharing/internal/parse';
import { newSecret, sealSecret } from './internal/secret';

/**
 * Admin: a new `whsec_` secret for an endpoint, shown once. The old one keeps signing for
 * WEBHOOK_SECRET_OVERLAP_HOURS (every message carries both signatures meanwhile), so the office
 * can deploy the new secret without losing a message.
 */
export async function rotateWebhookSecret({
  access,
  input,
}: {
  access: Access | null;
  input: TWebhookEndpointRef;
}): Promise<{ secret: string; previousValidUntil: Date | null }> {
  const me = requireRole(access, 'admin');
  const { endpointId } = parseInput(ZWebhookEndpointRef, input);
  const overlapHours = getEnv().webhooks.secretOverlapHours;
  const secret = newSecret();
  return withRls(me.ctx, async (tx) => {
    const [e] = await tx.query<{ office_id: string }>('select office_id from public.webhook_endpoints where id = $1', [endpointId]);
    if (!e) throw new AppError('not_found');
    const [r] = await tx.query<{ until: Date | null }>('select app.rotate_webhook_secret($1, $2, $3) as until', [
      endpointId,
      sealSecret(endpointId, secret),
      overlapHours,
    ]);
    await audit(tx, me.ctx, {
      action: 'webhook.secret_rotate',
      entityType: 'webhook_endpoint',
      entityId: endpointId,
      actorRole: 'admin',
      details: { office_id: e.office_id, endpoint_id: endpointId, previous_valid_until: r!.until },
    });
    return { secret, previousValidUntil: r!.until };
  });
}
