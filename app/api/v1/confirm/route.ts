import { getAccess, readSession } from '@/lib/server/auth/session';
import { confirmTask } from '@/lib/server/campaigns/confirm';
import { inOneTransaction } from '@/lib/server/db/rls';
import { retryHeaders, toAppError } from '@/lib/server/errors';
import { clientIpOf } from '@/lib/server/ratelimit/client-ip';
import { limitOrRespond } from '@/lib/server/ratelimit/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });

/** As Next.js checks server actions: the Origin, when sent, must be this site (behind a proxy, the forwarded host). */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  if (!origin) return true;
  try {
    return new URL(origin).host === (req.headers.get('x-forwarded-host') ?? req.headers.get('host'));
  } catch {
    return false;
  }
}

/**
 * POST {taskId}: the student's "all correct". Deliberately thin — parse, who is asking, one verb —
 * because the whole campus presses it in the same few days (scripts/bench-confirm.ts).
 *
 * The session cookie is SameSite=Lax, so other sites cannot post with it; requiring a JSON body
 * also forces a CORS preflight on any cross-origin script, and a foreign Origin is refused.
 */
export async function POST(req: Request): Promise<Response> {
  if (!sameOrigin(req)) return json({ error: 'errors.forbidden' }, 403);
  if (!req.headers.get('content-type')?.toLowerCase().startsWith('application/json')) return json({ error: 'errors.unsupported_media' }, 415);
  let taskId: unknown;
  try {
    taskId = ((await req.json()) as { taskId?: unknown } | null)?.taskId;
  } catch {
    return json({ error: 'errors.invalid_input' }, 400);
  }
  if (typeof taskId !== 'string') return json({ error: 'errors.invalid_input' }, 400);
  try {
    // The per-person `confirm` budget (per IP when signed out), shared by every instance
    // (docs/limits.md). Keyed by the session cookie's user id (decoded, no database read) and
    // taken before the transaction: on PGlite the limiter's statement would wait for it.
    const session = await readSession();
    const refused = await limitOrRespond('confirm', session?.userId ?? clientIpOf(req.headers), req);
    if (refused) return refused;
    const idempotencyKey = req.headers.get('idempotency-key') ?? undefined;
    // The access lookup and the verb share one transaction: BEGIN, access, confirm, COMMIT.
    const r = await inOneTransaction(async () => confirmTask({ access: await getAccess(), input: { taskId, idempotencyKey } }));
    return json({ ok: true, versionId: r.versionId, duplicate: r.duplicate });
  } catch (e) {
    // A malformed id is the same as an unknown one to the caller.
    if ((e as { name?: string }).name === 'ZodError') return json({ error: 'errors.invalid_input' }, 400);
    const err = toAppError(e);
    if (err.code === 'internal') console.error('confirm failed', e);
    return json({ error: err.userMessage, fieldErrors: err.fieldErrors }, err.status, retryHeaders(err));
  }
}
