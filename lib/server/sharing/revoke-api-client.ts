import 'server-only';
import { ZRevokeApiClient } from '@/lib/schemas/sharing';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { parseInput } from './internal/parse';
import { AppError } from '../errors';

/** Admin: revoke a client; its token is refused from the next request. Revoking twice is a no-op. */
export async function revokeApiClient({ access, input }: { access: Access | null; input: { clientId: string } }): Promise<{ revoked: boolean }> {
  const me = requireRole(access, 'admin');
  const { clientId } = parseInput(ZRevokeApiClient, input);
  return withRls(me.ctx, async (tx) => {
    const [c] = await tx.query<{ id: string; office_id: string; revoked_at: Date | null }>(
      'select id, office_id, revoked_at from public.api_clients where id = $1',
      [clientId],
    );
    if (!c) throw new AppError('not_found');
    if (c.revoked_at) return { revoked: false };
    await tx.query('update public.api_clients set revoked_at = now(), revoked_by = $2 where id = $1 and revoked_at is null', [clientId, me.user.id]);
    await audit(tx, me.ctx, {
      action: 'sharing.client_revoke',
      entityType: 'api_client',
      entityId: clientId,
      actorRole: 'admin',
      details: { office_id: c.office_id, api_client_id: clientId },
    });
    return { revoked: true };
  });
}
