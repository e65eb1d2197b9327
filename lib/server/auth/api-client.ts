import 'server-only';
import { withRls, type Ctx } from '../db/rls';
import { AppError } from '../errors';
import { hashToken } from '../sharing/internal/token';

/**
 * Bearer token → the office API client's ctx. The database checks hash, revocation and expiry
 * (app.authenticate_api_client) and checks the client again on every query (app.my_office_ids).
 */
export async function authenticateApiClient(authorization: string | null, base: Pick<Ctx, 'ip' | 'userAgent'> = {}): Promise<Ctx> {
  const m = /^Bearer\s+(civ_[A-Za-z0-9_-]{43})\s*$/.exec(authorization ?? '');
  if (!m) throw new AppError('unauthenticated', { message: 'missing or malformed bearer token' });
  const [c] = await withRls({ userId: null }, (tx) =>
    tx.query<{ client_id: string; office_id: string }>('select client_id, office_id from app.authenticate_api_client($1)', [hashToken(m[1]!)]),
  );
  if (!c) throw new AppError('unauthenticated', { message: 'unknown, revoked or expired token' });
  return { userId: null, actor: { kind: 'api_client', clientId: c.client_id, officeId: c.office_id }, ip: base.ip, userAgent: base.userAgent };
}
