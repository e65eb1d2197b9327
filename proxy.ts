import { NextResponse, type NextRequest } from 'next/server';
import { translator, type MessageKey } from '@/lib/i18n';
import { getEnv } from '@/lib/server/env';
import { contentSecurityPolicy, newNonce, securityHeaders } from '@/lib/server/http/headers';
import { originAllowed } from '@/lib/server/http/origin';
import { localeOf } from '@/lib/server/http/respond';

/**
 * Runs before every request (Next.js 16's proxy, formerly middleware). It decides nothing about
 * who may do what — that is the verbs' and the database's job (CVE-2025-29927 is why) — it only
 *   - sets the per-request CSP nonce and the security headers (docs/security.md),
 *   - answers a state-changing request from a foreign Origin with a localized 403 before Next.js
 *     turns a forged server-action call into a 500 ("Invalid Server Actions request"),
 *   - refuses a declared body over the server-action limit (413) and a NUL byte in the URL (400).
 * Route handlers and actions check the same again in lib/server/http (decision 101).
 */
// The same as the download route's own: whatever bytes it serves must never run as a page.
const STORAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";
const ACTION_BODY_LIMIT = 1024 * 1024; // Next.js' serverActions.bodySizeLimit default

function refuse(req: NextRequest, status: number, key: MessageKey, headers: Record<string, string>): NextResponse {
  const t = translator(localeOf(req.headers));
  return new NextResponse(t(key), { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

export function proxy(req: NextRequest): NextResponse {
  const env = getEnv();
  const nonce = newNonce();
  const csp = contentSecurityPolicy(env, nonce);
  const path = req.nextUrl.pathname;
  // The storage route sets its own sandboxing CSP and no-referrer for the bytes it serves.
  const storage = path.startsWith('/api/storage/');
  const headers: Record<string, string> = {
    ...securityHeaders(env),
    ...(storage ? { 'Referrer-Policy': 'no-referrer', 'Content-Security-Policy': STORAGE_CSP } : { 'Content-Security-Policy': csp }),
  };

  if (/%00/.test(req.url)) return refuse(req, 400, 'http.badUrl', headers);
  if (!originAllowed(req.method, req.headers, { origin: env.http.origin, trustProxy: env.http.trustProxy })) {
    return refuse(req, 403, 'http.foreignOrigin', headers);
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (req.method === 'POST' && req.headers.has('next-action') && declared > ACTION_BODY_LIMIT) return refuse(req, 413, 'http.tooLarge', headers);

  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set('x-nonce', nonce);
  if (!storage) requestHeaders.set('Content-Security-Policy', csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

export const config = {
  // Static build assets carry next.config.js' constant headers; they need no nonce.
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
