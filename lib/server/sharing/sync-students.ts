import 'server-only';
import type { z } from 'zod';
import { ZListQuery, type ZStudentPage } from '@/lib/schemas/api-v1';
import { audit } from '../audit/write';
import { actorOf, withRls, type Ctx } from '../db/rls';
import { AppError } from '../errors';
import { decodeCursor, encodeCursor, type Cursor } from './internal/cursor';
import { actingOffice } from './internal/office';
import { parseInput } from './internal/parse';
import { finalizeShared, type SharedRow } from './internal/payload';

type Page = z.infer<typeof ZStudentPage>;

export function requireApiClient(ctx: Ctx): { clientId: string; officeId: string } {
  const a = actorOf(ctx);
  if (a.kind !== 'api_client') throw new AppError('unauthenticated');
  return { clientId: a.clientId, officeId: a.officeId };
}

/**
 * GET /api/v1/students: one page of the office's incremental sync. Positions come from the change
 * feed in commit order (app.office_sync_page), the values from public.office_students — both
 * through RLS as the API client, so only granted fields of verified students leave. Audited.
 */
export async function syncStudents({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<Page> {
  const client = requireApiClient(ctx);
  const q = parseInput(ZListQuery, input);
  const cur: Cursor | null = q.cursor ? decodeCursor(q.cursor) : null;
  return withRls(ctx, async (tx) => {
    const office = await actingOffice(tx, client.officeId);
    let bound = cur?.b;
    if (!bound) {
      const [x] = await tx.query<{ b: string }>('select pg_snapshot_xmin(pg_current_snapshot())::text as b');
      bound = x!.b;
    }
    const since = cur ? (cur.c ?? null) : (q.changed_since?.toISOString() ?? null);
    const positions = await tx.query<{ student_id: string; tx: string; seq: string }>(
      `select student_id, tx::text as tx, seq::text as seq from app.office_sync_page($1::xid8, $2::xid8, $3, $4::timestamptz, $5)`,
      [bound, cur?.t ?? '0', cur?.s ?? -1, since, q.limit + 1],
    );
    const hasMore = positions.length > q.limit;
    const take = positions.slice(0, q.limit);
    const ids = take.map((p) => p.student_id);
    const rows = ids.length
      ? await tx.query<SharedRow>('select * from public.office_students where office_id = $1 and student_id = any($2::uuid[])', [office.id, ids])
      : [];
    const byId = new Map(rows.map((r) => [r.student_id, r]));
    const data: Page['data'] = take.map((p) => {
      const r = byId.get(p.student_id);
      return r ? ({ ...finalizeShared(r, office.fields), removed: false as const } as Page['data'][number]) : { id: p.student_id, removed: true as const };
    });
    const last = take[take.length - 1];
    const next: Cursor = hasMore
      ? { v: 1, b: bound, t: last!.tx, s: Number(last!.seq), ...(since ? { c: since } : {}) }
      : // Sync complete: everything below the bound was handed out; the next sync starts there.
        { v: 1, t: bound, s: -1 };
    await audit(tx, ctx, {
      action: 'api.students_list',
      entityType: 'office',
      entityId: office.id,
      actorRole: 'api_client',
      details: {
        office_id: office.id,
        office_code: office.code,
        api_client_id: client.clientId,
        fields: office.fields,
        count: data.length,
        student_ids: ids,
        resumed: !!cur,
        changed_since: !!since,
      },
    });
    return { data, next_cursor: encodeCursor(next), has_more: hasMore };
  });
}
