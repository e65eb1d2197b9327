import { downloadDossier } from '@/lib/server/archive/download-dossier';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The 学生身份信息登记表 of the record under review, inline so the browser's viewer prints it (audited as dossier.print). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  try {
    const d = await downloadDossier({ access: await getAccess(), input: { recordId: id }, format: 'pdf' });
    return new Response(d.stream, {
      headers: {
        'Content-Type': d.contentType,
        'Content-Disposition': `inline; filename="${d.fileName}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('dossier print failed', e);
    return new Response(err.code, { status: err.status, headers: { 'Cache-Control': 'private, no-store' } });
  }
}
