import { downloadDossier } from '@/lib/server/archive/download-dossier';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The student's dossier ZIP, streamed (the verb checks the role, RLS the department, and audits). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  try {
    const d = await downloadDossier({ access: await getAccess(), input: { studentId: id } });
    return new Response(d.stream, {
      headers: {
        'Content-Type': d.contentType,
        'Content-Disposition': `attachment; filename="${d.fileName}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('dossier download failed', e);
    return new Response(err.code, { status: err.status, headers: { 'Cache-Control': 'private, no-store' } });
  }
}
