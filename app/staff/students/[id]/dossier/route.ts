import { downloadDossier } from '@/lib/server/archive/download-dossier';
import { apiRoute } from '@/lib/server/http/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The student's dossier ZIP, streamed (the verb checks the role, RLS the department, and audits). */
export const GET = apiRoute<{ id: string }>({ what: 'dossier download', auth: 'session', errors: 'text' }, async ({ access, params: { id } }) => {
  const d = await downloadDossier({ access, input: { studentId: id } });
  return new Response(d.stream, {
    headers: {
      'Content-Type': d.contentType,
      'Content-Disposition': `attachment; filename="${d.fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
