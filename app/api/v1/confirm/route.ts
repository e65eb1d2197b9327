import { cookieCtx } from '@/lib/server/auth/session';
import { confirmWithBudget } from '@/lib/server/campaigns/confirm';
import { AppError } from '@/lib/server/errors';
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
 * The adapter checks Origin, size and strings; the session is read here (the cookie decoded, no
 * database read) rather than by the adapter, so that the per-person `confirm` budget
 * (docs/limits.md), the access lookup, the Idempotency-Key and the verb are one statement
 * (confirmWithBudget → app.confirm_request; decisions 130, 141). Without a session the budget is
 * per IP address and nothing else runs. `Idempotency-Key` makes a retry answer the first result.
 */
export const POST = apiRoute({ what: 'confirm', auth: 'none', body: 'json', bodyLimit: 4 * 1024 }, async ({ req, body }) => {
  const taskId = (body as { taskId?: unknown } | null)?.taskId;
  const ctx = await cookieCtx();
  if (!ctx.userId) {
    await limit('confirm', `ip:${clientIpOf(req.headers)}`);
    throw new AppError('unauthenticated');
  }
  const idempotencyKey = req.headers.get('idempotency-key') ?? undefined;
  const r = await confirmWithBudget({ ...ctx, userId: ctx.userId }, { taskId: taskId as string, idempotencyKey });
  return { ok: true, versionId: r.versionId, duplicate: r.duplicate };
});
