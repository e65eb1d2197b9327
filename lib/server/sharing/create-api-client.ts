import 'server-only';
import { ZCreateApiClient, type TCreateApiClient } from '@/lib/schemas/sharing';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { parseInput } from './internal/parse';
import { AppError } from '../errors';
import { mintToken } from './internal/token';

/** Admin: an API client for an office. The token is returned here once and never again. */
export async function createApiClient({
  access,
  input,
}: {
  access: Access | null;
  input: TCreateApiClient;
}): Promise<{ clientId: string; token: string; expiresAt: Date }> {
  const me = requireRole(access, 'admin');
  const c = parseInput(ZCreateApiClient, input);
  const { token, hash, prefix } = mintToken();
  return withRls(me.ctx, async (tx) => {
    const [office] = await tx.query<{ id: string; code: string }>('select id, code from public.offices where id = $1', [c.officeId]);
    if (!office) throw new AppError('not_found');
    const [row] = await tx.query<{ id: string; expires_at: Date }>(
      `insert into public.api_clients (office_id, name, token_hash, token_prefix, created_by, expires_at)
       values ($1, $2, $3, $4, $5, now() + make_interval(days => $6)) returning id, expires_at`,
      [office.id, c.name, hash, prefix, me.user.id, c.expiresInDays],
    );
    await audit(tx, me.ctx, {
      action: 'sharing.client_create',
      entityType: 'api_client',
      entityId: row!.id,
      actorRole: 'admin',
      details: { office_id: office.id, office_code: office.code, api_client_id: row!.id, expires_at: row!.expires_at },
    });
    return { clientId: row!.id, token, expiresAt: row!.expires_at };
  });
}
