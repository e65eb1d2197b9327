import { csvLine } from '@/lib/domain/csv-safe';
import { auditExportPages } from '@/lib/server/audit/search-events';
import { apiRoute } from '@/lib/server/http/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The filtered audit log as a streamed CSV (cells neutralised like every export; audited). */
export const GET = apiRoute({ what: 'audit export', auth: 'session', errors: 'text' }, async ({ access, url }) => {
  const it = auditExportPages({ access, input: Object.fromEntries(url.searchParams) });
  const enc = new TextEncoder();
  // The first page is read before answering, so a refusal is still a proper 4xx.
  const first = await it.next();
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
});
