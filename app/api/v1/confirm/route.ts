import { confirmTask } from '@/lib/server/campaigns/confirm';
import { apiRoute } from '@/lib/server/http/route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST {taskId}: the student's "all correct". Deliberately thin — the adapter, one verb — because
 * the whole campus presses it in the same few days (scripts/bench-confirm.ts).
 *
 * The session cookie is SameSite=Lax, so other sites cannot post with it; requiring a JSON body
 * also forces a CORS preflight on any cross-origin script, and a foreign Origin is refused.
 */
export const POST = apiRoute(
  { what: 'confirm', auth: 'session', body: 'json', bodyLimit: 4 * 1024, rateLimit: { kind: 'confirm', by: 'actor' } },
  async ({ access, body }) => {
    const taskId = (body as { taskId?: unknown } | null)?.taskId;
    const r = await confirmTask({ access, input: { taskId: taskId as string } });
    return { ok: true, versionId: r.versionId, duplicate: r.duplicate };
  },
);
