import { csvLine } from '@/lib/domain/csv-safe';
import { auditExportPages } from '@/lib/server/audit/search-events';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The filtered audit log as a streamed CSV (cells neutralised like every export; audited). */
export async function GET(req: Request): Promise<Response> {
  const sp = Object.fromEntries(new URL(req.url).searchParams);
  const access = await getAccess();
  const it = auditExportPages({ access, input: sp });
  const enc = new TextEncoder();
  let first: IteratorResult<Awaited<ReturnType<typeof it.next>>['value']>;
  try {
    first = await it.next();
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('audit export failed', e);
    return new Response(err.userMessage, { status: err.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const line = (r: NonNullable<typeof first.value>[number]) =>
    csvLine([
      r.id,
      new Date(r.occurredAt).toISOString(),
      r.actorName,
      r.actorRole,
      r.action,
      r.entityType,
      r.entityId,
      r.ip,
      typeof r.details.office_id === 'string' ? r.details.office_id : null,
      typeof r.details.count === 'number' ? r.details.count : null,
      JSON.stringify(r.details),
    ]);
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(
        enc.encode(
          `\uFEFF${csvLine(['id', 'occurred_at', 'actor', 'actor_role', 'action', 'entity_type', 'entity_id', 'ip', 'office_id', 'count', 'details'])}`,
        ),
      );
      if (!first.done && first.value) c.enqueue(enc.encode(first.value.map(line).join('')));
      else c.close();
    },
    async pull(c) {
      if (first.done) return;
      const n = await it.next();
      if (n.done) {
        c.close();
        return;
      }
      c.enqueue(enc.encode(n.value.map(line).join('')));
    },
    async cancel() {
      await it.return(undefined);
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="audit.csv"', 'Cache-Control': 'no-store' },
  });
}
