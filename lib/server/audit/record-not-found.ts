import 'server-only';
import type { Access } from '../auth/access';
import { withRls } from '../db/rls';
import { audit } from './write';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A signed-in person asked for a record the database does not show them — another department's
 * student, a case outside their scope, or an id that does not exist (RLS answers the same for
 * both, on purpose). The page shows "not found"; the audit log keeps who tried what, because
 * walking ids of other departments is exactly what an auditor needs to see.
 */
export async function recordNotFound({
  access,
  input,
}: {
  access: Access | null;
  input: { entityType: string; entityId: string; path: string };
}): Promise<void> {
  if (!access) return;
  const role = access.grants[0]?.role ?? (access.student ? 'student' : null);
  await withRls(access.ctx, (tx) =>
    audit(tx, access.ctx, {
      action: 'access.not_found',
      entityType: input.entityType,
      entityId: UUID.test(input.entityId) ? input.entityId : null,
      actorRole: role,
      details: { path: input.path.slice(0, 200) },
    }),
  );
}
