import { downloadMyCopy } from '@/lib/server/archive/download-my-copy';
import { apiRoute } from '@/lib/server/http/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** PIPL art. 45: the student's copy of their own data (the verb audits it). */
export const GET = apiRoute({ what: 'student copy', auth: 'session', errors: 'text' }, async ({ access }) => {
  const c = await downloadMyCopy({ access });
  return new Response(c.json, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${c.fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
