import 'server-only';
import type { Env } from '../env';

/**
 * The security headers every response carries (set by proxy.ts; the constant ones also by
 * next.config.js for static files). `npm run audit:headers` checks the same list on every page
 * and route of a running build.
 */
export const REQUIRED_HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy', 'x-frame-options'] as const;

/** 128 random bits, base64: a fresh one for every request (a reused nonce is no nonce). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

const originOf = (u: string | undefined | null) => {
  if (!u) return null;
  try {
    return new URL(u).origin;
  } catch {
    return null;
  }
};

/**
 * Strict CSP (decision 102): scripts only with this request's nonce ('strict-dynamic' lets
 * Next's nonce'd loader pull its chunks); no inline script, no eval outside development. Style
 * attributes are allowed (`style-src-attr 'unsafe-inline'`: React renders progress bars and the
 * photo viewer's transform as style attributes; an attribute cannot run script), <style>
 * elements need the nonce. form-action names the sign-in providers because browsers apply it to
 * the redirect after a form post (the sign-in button posts, then goes to the campus SSO).
 */
export function contentSecurityPolicy(env: Env, nonce: string): string {
  const storage = env.storage.kind === 'supabase' ? originOf(env.storage.url) : null;
  const idp = [originOf(env.campus?.issuer), originOf(env.cas?.url)].filter(Boolean);
  const dev = env.nodeEnv === 'development';
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    ['style-src', "'self'", `'nonce-${nonce}'`],
    ['style-src-attr', "'unsafe-inline'"],
    ['img-src', "'self'", 'blob:', 'data:', ...(storage ? [storage] : [])],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...(storage ? [storage] : [])],
    ['worker-src', "'self'"],
    ['manifest-src', "'self'"],
    ['media-src', "'self'", 'blob:'],
    ['object-src', "'none'"],
    ['frame-src', "'self'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'", ...(idp as string[])],
    ['frame-ancestors', "'none'"],
    ...(env.http.secure ? ([['upgrade-insecure-requests']] as [string][]) : []),
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** Headers for every response; HSTS only over https (a browser ignores it over http, and a wrong one locks a host out). */
export function securityHeaders(env: Env): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    // The camera for ID photos, from our own pages only; nothing else a phone can do.
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(env.http.secure ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
