import { downloadMyCopy } from '@/lib/server/archive/download-my-copy';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** PIPL art. 45: the student's copy of their own data (the verb audits it). */
export async function GET(): Promise<Response> {
  try {
    const c = await downloadMyCopy({ access: await getAccess() });
    return new Response(c.json, {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${c.fileName}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('student copy failed', e);
    return new Response(err.code, { status: err.status, headers: { 'Cache-Control': 'private, no-store' } });
  }
}
