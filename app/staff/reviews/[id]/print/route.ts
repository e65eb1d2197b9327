import { downloadDossier } from '@/lib/server/archive/download-dossier';
import { apiRoute } from '@/lib/server/http/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The 学生身份信息登记表 of the record under review, inline so the browser's viewer prints it (audited as dossier.print). */
export const GET = apiRoute<{ id: string }>({ what: 'dossier print', auth: 'session', errors: 'text' }, async ({ access, params: { id } }) => {
  const d = await downloadDossier({ access, input: { recordId: id }, format: 'pdf' });
  return new Response(d.stream, {
    headers: {
      'Content-Type': d.contentType,
      'Content-Disposition': `inline; filename="${d.fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
