import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { getDb } from '../db/client';
import { getEnv } from '../env';

/**
 * /api/health. Anyone learns only whether the service works: which database engine runs, how fast
 * it answers or which error it gave helps an attacker more than a load balancer. Details go to a
 * caller with `Authorization: Bearer $HEALTH_TOKEN` (monitoring) or a signed-in admin.
 */
function tokenMatches(header: string | null, token: string | null): boolean {
  const m = /^Bearer\s+(\S+)\s*$/.exec(header ?? '');
  if (!m || !token) return false;
  const a = createHash('sha256').update(m[1]!).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

async function maySee(req: Request): Promise<boolean> {
  if (tokenMatches(req.headers.get('authorization'), getEnv().http.healthToken)) return true;
  if (!/(?:^|;\s*)(?:__Secure-)?authjs\.session-token/.test(req.headers.get('cookie') ?? '')) return false;
  const { getAccess } = await import('../auth/session');
  const access = await getAccess();
  return !!access?.grants.some((g) => g.role === 'admin');
}

export async function healthCheck(req: Request): Promise<Response> {
  const started = performance.now();
  let details: Record<string, unknown>;
  let ok: boolean;
  try {
    const db = await getDb();
    await db.query('select 1');
    ok = true;
    details = { db: db.kind, dbMs: Math.round(performance.now() - started) };
  } catch (e) {
    ok = false;
    details = { error: String((e as { code?: unknown } | null)?.code ?? (e as Error)?.name ?? 'error') };
    console.warn('health check failed', e);
  }
  // With the database down only the token shows details: the admin check needs the database.
  const detailed = ok ? await maySeeSafely(req) : tokenMatches(req.headers.get('authorization'), getEnv().http.healthToken);
  const body = detailed ? { ok, ...details } : { ok };
  return new Response(JSON.stringify(body), {
    status: ok ? 200 : 503,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...(ok ? {} : { 'Retry-After': '5' }) },
  });
}

/** A database that answered `select 1` but fails the admin lookup still reports ok, without details. */
async function maySeeSafely(req: Request): Promise<boolean> {
  try {
    return await maySee(req);
  } catch (e) {
    console.warn('health: could not check who is asking', e);
    return false;
  }
}
