import { getAccess } from '@/lib/server/auth/session';
import { exportUnfinished } from '@/lib/server/campaigns/dashboard';
import { toAppError } from '@/lib/server/errors';

export const dynamic = 'force-dynamic';

/** The follow-up list of unfinished students as a CSV download (the verb audits the export). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  try {
    const csv = await exportUnfinished({ access: await getAccess(), input: { campaignId: id } });
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
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('export unfinished failed', e);
    // A malformed id is a missing campaign, not a server error.
    const status = (e as { name?: string }).name === 'ZodError' ? 404 : err.status;
    return new Response(err.userMessage, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}
