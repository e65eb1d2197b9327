import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/server/auth/config';
import { limitSignInRoute } from '@/lib/server/ratelimit/guard';

// Sign-in starts and provider callbacks spend the per-IP `signin` budget (docs/limits.md).
export async function GET(req: NextRequest): Promise<Response> {
  return (await limitSignInRoute(req)) ?? handlers.GET(req);
}

export async function POST(req: NextRequest): Promise<Response> {
  return (await limitSignInRoute(req)) ?? handlers.POST(req);
}
