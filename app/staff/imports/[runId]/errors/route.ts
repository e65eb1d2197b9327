import { isLocale } from '@/lib/i18n';
import { apiRoute } from '@/lib/server/http/route';
import { importErrorReport } from '@/lib/server/imports/error-report';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The run's full error list as a CSV download (the verb audits it). */
export const GET = apiRoute<{ runId: string }>({ what: 'import error report', auth: 'session', errors: 'text' }, async ({ access, params, url }) => {
  const requested = url.searchParams.get('locale');
  const { fileName, csv } = await importErrorReport({ access, input: { runId: params.runId, locale: isLocale(requested) ? requested : 'zh-CN' } });
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
