import { AuthError } from 'next-auth';
import { NextResponse, type NextRequest } from 'next/server';
import { parseLogoutRequest } from '@/lib/server/auth/cas';
import { signIn } from '@/lib/server/auth/config';
import { endSessionByTicket } from '@/lib/server/auth/sessions';
import { getEnv } from '@/lib/server/env';
import { clientIpOf } from '@/lib/server/ratelimit/client-ip';
import { limitOrRespond } from '@/lib/server/ratelimit/guard';

export const dynamic = 'force-dynamic';

function toSignIn(error: string): NextResponse {
  return NextResponse.redirect(new URL(`/signin?error=${encodeURIComponent(error)}`, getEnv().appUrl), 303);
}

/**
 * The CAS service URL. GET: the browser returns from `<cas>/login` with `?ticket=ST-…`; the
 * `cas` provider validates it server side and sets the session cookie. A refused ticket (reused,
 * for another service, expired, forged) lands on the sign-in page with a localized message.
 */
export async function GET(req: NextRequest): Promise<Response> {
  const env = getEnv();
  if (!env.cas) return NextResponse.json({ error: 'not_found' }, { status: 404 });
  // Each ticket validation is a sign-in attempt: the per-IP `signin` budget (docs/limits.md).
  const refused = await limitOrRespond('signin', clientIpOf(req.headers), req, { backHref: '/signin' });
  if (refused) return refused;
  const ticket = req.nextUrl.searchParams.get('ticket');
  if (!ticket) return toSignIn('CasTicket');
  try {
    await signIn('cas', { ticket, redirect: false });
  } catch (e) {
    if (e instanceof AuthError) {
      const code = (e as AuthError & { code?: string }).code;
      return toSignIn(code === 'CasUnavailable' || code === 'AccountDisabled' ? code : 'CasTicket');
    }
    throw e;
  }
  return NextResponse.redirect(new URL('/', env.appUrl), 303);
}

/**
 * CAS single logout: the CAS server POSTs `logoutRequest=<samlp:LogoutRequest>` naming the
 * service ticket in `<samlp:SessionIndex>`; the session created from it ends (the next request
 * with that cookie is signed out). Unknown tickets are acknowledged too — the CAS server needs
 * only a 2xx — but a body that names no ticket is a 400.
 */
export async function POST(req: NextRequest): Promise<NextResponse> {
  if (!getEnv().cas) return NextResponse.json({ error: 'not_found' }, { status: 404 });
  const len = Number(req.headers.get('content-length') ?? '0');
  if (len > 64 * 1024) return NextResponse.json({ error: 'too_large' }, { status: 413 });
  let xml: string | null = null;
  try {
    const form = await req.formData();
    const v = form.get('logoutRequest');
    xml = typeof v === 'string' ? v : null;
  } catch (e) {
    console.warn('CAS logout: unreadable body', (e as Error).message);
  }
  const ticket = xml ? parseLogoutRequest(xml) : null;
  if (!ticket) return NextResponse.json({ error: 'invalid_input' }, { status: 400 });
  const ended = await endSessionByTicket(ticket, {
    ip: req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? null,
    userAgent: req.headers.get('user-agent'),
  });
  return NextResponse.json({ ended });
}
