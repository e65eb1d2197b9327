import { exportUnfinished } from '@/lib/server/campaigns/dashboard';
import { apiRoute } from '@/lib/server/http/route';

export const dynamic = 'force-dynamic';

/** The follow-up list of unfinished students as a CSV download (the verb audits the export). */
export const GET = apiRoute<{ id: string }>({ what: 'export unfinished', auth: 'session', errors: 'text' }, async ({ access, params: { id } }) => {
  const csv = await exportUnfinished({ access, input: { campaignId: id } });
  const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const file = `unfinished-${id.slice(0, 8)}-${day}.csv`;
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file}"`,
      // Personal data: not for shared caches or the browser's back/forward cache.
      'Cache-Control': 'no-store',
    },
  });
});
