import { AuthError } from 'next-auth';
import { NextResponse } from 'next/server';
import { parseLogoutRequest } from '@/lib/server/auth/cas';
import { signIn } from '@/lib/server/auth/config';
import { endSessionByTicket } from '@/lib/server/auth/sessions';
import { getEnv } from '@/lib/server/env';
import { clientIpOf } from '@/lib/server/ratelimit/client-ip';
import { limitOrRespond } from '@/lib/server/ratelimit/guard';
import { AppError } from '@/lib/server/errors';
import { apiRoute } from '@/lib/server/http/route';

export const dynamic = 'force-dynamic';

function toSignIn(error: string): NextResponse {
  return NextResponse.redirect(new URL(`/signin?error=${encodeURIComponent(error)}`, getEnv().appUrl), 303);
}

/**
 * The CAS service URL. GET: the browser returns from `<cas>/login` with `?ticket=ST-…`; the
 * `cas` provider validates it server side and sets the session cookie. A refused ticket (reused,
 * for another service, expired, forged) lands on the sign-in page with a localized message.
 */
export const GET = apiRoute({ what: 'cas callback', auth: 'none', errors: 'text' }, async ({ req, url }) => {
  const env = getEnv();
  if (!env.cas) throw new AppError('not_found');
  const ticket = url.searchParams.get('ticket');
  // Each ticket validation is a sign-in attempt: the per-IP `signin` budget (docs/limits.md).
  const refused = await limitOrRespond('signin', clientIpOf(req.headers), req, { backHref: '/signin' });
  if (refused) return refused;
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
});

/**
 * CAS single logout: the CAS server POSTs `logoutRequest=<samlp:LogoutRequest>` naming the
 * service ticket in `<samlp:SessionIndex>`; the session created from it ends (the next request
 * with that cookie is signed out). Unknown tickets are acknowledged too — the CAS server needs
 * only a 2xx — but a body that names no ticket is a 400.
 */
export const POST = apiRoute({ what: 'cas logout', auth: 'none', origin: 'off', body: 'form', bodyLimit: 64 * 1024 }, async ({ body, ctx }) => {
  if (!getEnv().cas) throw new AppError('not_found');
  const v = (body as FormData).get('logoutRequest');
  const ticket = typeof v === 'string' ? parseLogoutRequest(v) : null;
  if (!ticket) throw new AppError('invalid_input', { message: 'no session index in logoutRequest' });
  const ended = await endSessionByTicket(ticket, { ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null });
  return { ended };
});
