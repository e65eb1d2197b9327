import { isLocale } from '@/lib/i18n';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { importErrorReport } from '@/lib/server/imports/error-report';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The run's full error list as a CSV download (the verb audits it). */
export async function GET(req: Request, { params }: { params: Promise<{ runId: string }> }): Promise<Response> {
  const { runId } = await params;
  const requested = new URL(req.url).searchParams.get('locale');
  try {
    const { fileName, csv } = await importErrorReport({ access: await getAccess(), input: { runId, locale: isLocale(requested) ? requested : 'zh-CN' } });
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('import error report failed', e);
    return new Response(err.code, { status: err.status, headers: { 'Cache-Control': 'private, no-store' } });
  }
}
