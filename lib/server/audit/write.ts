import 'server-only';
import type { Ctx } from '../db/rls';
import type { Tx } from '../db/types';

export interface AuditInput {
  /** dotted verb, e.g. "role.grant", "document.view", "id_number.reveal" */
  action: string;
  entityType: string;
  entityId?: string | null;
  /** the role under which the actor acted: student, reviewer, admin ... */
  actorRole?: string | null;
  /** never personal data in clear: ids, field names, reason codes */
  details?: Record<string, unknown>;
}

/**
 * Writes one audit event in the caller's transaction, so the event exists exactly when the change
 * does. Goes through app.write_audit, which takes the actor from the request's claims.
 */
export async function audit(tx: Tx, ctx: Ctx, e: AuditInput): Promise<void> {
  await tx.query('select app.write_audit($1, $2, $3, $4, $5::text::jsonb, $6, $7)', [
    e.action,
    e.entityType,
    e.entityId ?? null,
    e.actorRole ?? null,
    JSON.stringify(e.details ?? {}),
    ctx.ip ?? null,
    ctx.userAgent ?? null,
  ]);
}
