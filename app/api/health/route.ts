import { getDb } from '@/lib/server/db/client';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const db = await getDb();
    await db.query('select 1');
    return Response.json({ ok: true, db: db.kind });
  } catch (e) {
    console.error('health check failed', e);
    return Response.json({ ok: false }, { status: 503, headers: { 'Retry-After': '3', 'Cache-Control': 'no-store' } });
  }
}
