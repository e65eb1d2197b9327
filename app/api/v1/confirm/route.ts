import { getAccess, readSession } from '@/lib/server/auth/session';
import { confirmTask } from '@/lib/server/campaigns/confirm';
import { inOneTransaction } from '@/lib/server/db/rls';
import { apiRoute } from '@/lib/server/http/route';
import { limit } from '@/lib/server/ratelimit';
import { clientIpOf } from '@/lib/server/ratelimit/client-ip';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST {taskId}: the student's "all correct". Deliberately thin — the adapter, one verb — because
 * the whole campus presses it in the same few days (scripts/bench-confirm.ts).
 *
 * The session cookie is SameSite=Lax, so other sites cannot post with it; requiring a JSON body
 * also forces a CORS preflight on any cross-origin script, and a foreign Origin is refused.
 *
 * The adapter checks Origin, size and strings; the session is read here rather than by the
 * adapter so that the access lookup and the verb share one transaction (BEGIN, access, confirm,
 * COMMIT; decision 130). The per-person `confirm` budget (docs/limits.md) is keyed by the session
 * cookie's user id (decoded, no database read) and taken before that transaction: on PGlite the
 * limiter's statement would wait for it. `Idempotency-Key` makes a retry answer the first result.
 */
export const POST = apiRoute({ what: 'confirm', auth: 'none', body: 'json', bodyLimit: 4 * 1024 }, async ({ req, body }) => {
  const taskId = (body as { taskId?: unknown } | null)?.taskId;
  const session = await readSession();
  await limit('confirm', session ? `user:${session.userId}` : `ip:${clientIpOf(req.headers)}`);
  const idempotencyKey = req.headers.get('idempotency-key') ?? undefined;
  const r = await inOneTransaction(async () => confirmTask({ access: await getAccess(), input: { taskId: taskId as string, idempotencyKey } }));
  return { ok: true, versionId: r.versionId, duplicate: r.duplicate };
});
