import { translator } from '@/lib/i18n';
import { getLocale } from '@/lib/i18n/server';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { exportSharedStudents } from '@/lib/server/sharing/export-shared';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Streamed CSV / XLSX of the office's granted fields (the verb audits records and fields). */
export async function GET(req: Request): Promise<Response> {
  const sp = Object.fromEntries(new URL(req.url).searchParams);
  const format = sp.format === 'xlsx' ? 'xlsx' : 'csv';
  delete sp.format;
  const t = translator(await getLocale());
  try {
    const { stream, filename, contentType } = await exportSharedStudents({
      access: await getAccess(),
      input: sp,
      format,
      header: (f) => t(`sharing.fieldNames.${f}` as never),
    });
    return new Response(stream, {
      headers: {
        'Content-Type': contentType,
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('office export failed', e);
    return new Response(t(err.userMessage as never), { status: err.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}
