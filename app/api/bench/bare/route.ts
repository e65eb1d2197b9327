import { getEnv } from '@/lib/server/env';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * The baseline of `npm run bench:confirm`: the same POST with a JSON body, answered by this build's
 * Next.js with no session, no database, no verb — what a route handler costs by itself. Answers
 * only when BENCH_BARE=1 (the benchmark's server), else 404 like any unknown path.
 */
export async function POST(req: Request): Promise<Response> {
  if (!getEnv().benchBare) return new Response(null, { status: 404 });
  const body = (await req.json()) as { taskId?: unknown } | null;
  return Response.json({ ok: true, taskId: typeof body?.taskId === 'string' ? body.taskId : null }, { headers: { 'Cache-Control': 'no-store' } });
}
