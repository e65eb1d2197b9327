import 'server-only';
import { randomUUID } from 'node:crypto';
import { ZCreateWebhookEndpoint, type TCreateWebhookEndpoint } from '@/lib/schemas/webhooks';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { parseInput } from '../sharing/internal/parse';
import { assertDeliverableUrl } from './internal/check-url';
import { newSecret, sealSecret } from './internal/secret';

/**
 * Admin: registers a webhook endpoint for an office. The `whsec_` secret is returned here once and
 * is never readable again (requests have no select on the secret columns); a lost secret is
 * replaced by rotating it.
 */
export async function createWebhookEndpoint({
  access,
  input,
}: {
  access: Access | null;
  input: TCreateWebhookEndpoint;
}): Promise<{ endpointId: string; secret: string }> {
  const me = requireRole(access, 'admin');
  const c = parseInput(ZCreateWebhookEndpoint, input);
  await assertDeliverableUrl(c.url);
  const id = randomUUID();
  const secret = newSecret();
  return withRls(me.ctx, async (tx) => {
    const [office] = await tx.query<{ id: string; code: string }>('select id, code from public.offices where id = $1', [c.officeId]);
    if (!office) throw new AppError('not_found');
    await tx.query(
      `insert into public.webhook_endpoints (id, office_id, url, description, events, secret_enc, created_by)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [id, office.id, c.url, c.description, c.events, sealSecret(id, secret), me.user.id],
    );
    await audit(tx, me.ctx, {
      action: 'webhook.endpoint_create',
      entityType: 'webhook_endpoint',
      entityId: id,
      actorRole: 'admin',
      details: { office_id: office.id, office_code: office.code, endpoint_id: id, url: c.url, events: c.events },
    });
    return { endpointId: id, secret };
  });
}
