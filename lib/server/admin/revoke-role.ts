import 'server-only';
import { ZRevokeRole } from '@/lib/schemas/admin';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

/** Takes effect on the next request: every request re-reads roles (loadAccess, RLS helpers). */
export async function revokeRole({ access, input }: { access: Access | null; input: { grantId: string } }): Promise<void> {
  const me = requireRole(access, 'admin');
  const { grantId } = ZRevokeRole.parse(input);
  await withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{ user_id: string; role: string }>(
      `update public.staff_roles set revoked_at = now(), revoked_by = $2
       where id = $1 and revoked_at is null returning user_id, role`,
      [grantId, me.user.id],
    );
    if (!rows[0]) throw new AppError('not_found', { message: `grant ${grantId} not found or already revoked` });
    await audit(tx, me.ctx, {
      action: 'role.revoke',
      entityType: 'app_user',
      entityId: rows[0].user_id,
      actorRole: 'admin',
      details: { grant_id: grantId, role: rows[0].role },
    });
  });
}
