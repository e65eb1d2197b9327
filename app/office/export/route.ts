import { translator, keyIn } from '@/lib/i18n';
import { getLocale } from '@/lib/i18n/server';
import { apiRoute } from '@/lib/server/http/route';
import { exportSharedStudents } from '@/lib/server/sharing/export-shared';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Streamed CSV / XLSX of the office's granted fields (the verb audits records and fields). */
export const GET = apiRoute({ what: 'office export', auth: 'session', errors: 'text' }, async ({ access, url }) => {
  const sp = Object.fromEntries(url.searchParams);
  const format = sp.format === 'xlsx' ? 'xlsx' : 'csv';
  delete sp.format;
  const t = translator(await getLocale());
  const { stream, filename, contentType } = await exportSharedStudents({
    access,
    input: sp,
    format,
    header: (f) => t(keyIn('sharing.fieldNames', f)),
  });
  return new Response(stream, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
