import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';

export interface AuditRow {
  id: string;
  occurredAt: Date;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** the person an event was about (who received a role, whose account), when it is an account */
  entityName?: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** Newest first, keyset-paginated by id (before), so deep pages stay as fast as the first. */
export async function listAuditEvents({ access, before, limit = 50 }: { access: Access | null; before?: string; limit?: number }): Promise<AuditRow[]> {
  const me = requireRole(access, 'auditor');
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{
      id: string;
      occurred_at: Date;
      actor_name: string | null;
      actor_role: string | null;
      action: string;
      entity_type: string;
      entity_id: string | null;
      ip: string | null;
      details: Record<string, unknown>;
    }>(
      `select e.id::text as id, e.occurred_at, u.display_name as actor_name, e.actor_role, e.action,
              e.entity_type, e.entity_id, e.ip, e.details
       from public.audit_events e left join public.app_users u on u.id = e.actor_id
       where $1::bigint is null or e.id < $1::bigint
       order by e.id desc limit $2`,
      [before && /^\d+$/.test(before) ? before : null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at,
      actorName: r.actor_name,
      actorRole: r.actor_role,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      ip: r.ip,
      details: r.details,
    }));
  });
}
