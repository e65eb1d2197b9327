import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';
import { parseInput } from '../sharing/internal/parse';
import type { AuditRow } from './list-events';

const empty = (v: unknown) => (v === '' || v == null ? undefined : v);
export const ZAuditFilter = z.object({
  office: z.preprocess(empty, z.uuid().optional()),
  /** An actor's user id, an API client id, or part of a person's name. */
  actor: z.preprocess(empty, z.string().trim().max(60).optional()),
  action: z.preprocess(
    empty,
    z
      .string()
      .trim()
      .regex(/^[a-z_.]{1,60}$/)
      .optional(),
  ),
  student: z.preprocess(empty, z.uuid().optional()),
  from: z.preprocess(empty, z.coerce.date().optional()),
  to: z.preprocess(empty, z.coerce.date().optional()),
  before: z.preprocess(
    empty,
    z
      .string()
      .regex(/^\d{1,19}$/)
      .optional(),
  ),
});
export type TAuditFilter = z.input<typeof ZAuditFilter>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function whereOf(f: z.output<typeof ZAuditFilter>): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const parts: string[] = [];
  if (f.office) parts.push(`e.details ->> 'office_id' = ${p(f.office)}`);
  if (f.actor) {
    if (UUID.test(f.actor)) {
      const x = p(f.actor);
      parts.push(`(e.actor_id = ${x}::text::uuid or e.details ->> 'api_client_id' = ${x}::text)`);
    } else parts.push(`u.display_name ilike ${p(`%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  }
  if (f.action) parts.push(`(e.action = ${p(f.action)} or e.action like ${p(`${f.action.replace(/_/g, '\\_')}.%`)})`);
  if (f.student) {
    const x = p(f.student);
    parts.push(`((e.entity_type = 'student' and e.entity_id = ${x}::text) or e.details -> 'student_ids' ? ${x}::text)`);
  }
  if (f.from) parts.push(`e.occurred_at >= ${p(f.from)}`);
  if (f.to) parts.push(`e.occurred_at < ${p(f.to)}`);
  if (f.before) parts.push(`e.id < ${p(f.before)}::bigint`);
  return { sql: parts.length ? `where ${parts.join(' and ')}` : '', params };
}

async function query(tx: Tx, f: z.output<typeof ZAuditFilter>, limit: number): Promise<AuditRow[]> {
  const { sql, params } = whereOf(f);
  const rows = await tx.query<{
    id: string;
    occurred_at: Date;
    actor_name: string | null;
    actor_role: string | null;
    action: string;
    entity_type: string;
    entity_id: string | null;
    entity_name: string | null;
    ip: string | null;
    details: Record<string, unknown>;
  }>(
    `select e.id::text as id, e.occurred_at, u.display_name as actor_name, e.actor_role, e.action, e.entity_type, e.entity_id, tu.display_name as entity_name, e.ip, e.details
     from public.audit_events e left join public.app_users u on u.id = e.actor_id
       left join public.app_users tu on e.entity_type = 'app_user' and tu.id::text = e.entity_id ${sql} order by e.id desc limit ${Number(limit)}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityName: r.entity_name,
    ip: r.ip,
    details: r.details,
  }));
}

/** Auditor: newest first, filtered by office, actor, action, student and time; keyset pages by id. */
export async function searchAuditEvents({ access, input, limit = 50 }: { access: Access | null; input: TAuditFilter; limit?: number }): Promise<AuditRow[]> {
  const me = requireRole(access, 'auditor');
  const f = parseInput(ZAuditFilter, input);
  return withRls(me.ctx, (tx) => query(tx, f, Math.min(limit, 1000)));
}

/** Auditor: the filtered log in pages of 1000 for the CSV export; the export itself is audited. */
export async function* auditExportPages({ access, input }: { access: Access | null; input: TAuditFilter }): AsyncGenerator<AuditRow[]> {
  const me = requireRole(access, 'auditor');
  const f = parseInput(ZAuditFilter, input);
  let before = f.before;
  let count = 0;
  try {
    for (;;) {
      const rows = await withRls(me.ctx, (tx) => query(tx, { ...f, before }, 1000));
      if (!rows.length) return;
      count += rows.length;
      yield rows;
      if (rows.length < 1000) return;
      before = rows[rows.length - 1]!.id;
    }
  } finally {
    await withRls(me.ctx, (tx) =>
      tx.query('select app.write_audit($1, $2, $3, $4, $5::text::jsonb, $6, $7)', [
        'audit.export',
        'audit_events',
        null,
        'auditor',
        JSON.stringify({
          count,
          filters: Object.entries(f)
            .filter(([, v]) => v != null)
            .map(([k]) => k),
        }),
        me.ctx.ip ?? null,
        me.ctx.userAgent ?? null,
      ]),
    );
  }
}
