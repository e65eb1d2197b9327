import { describe, expect, it } from 'vitest';

process.env.AUTH_URL = 'https://verify.example.edu.cn';
const { NextRequest } = await import('next/server');
const { proxy } = await import('../../proxy');
const { contentSecurityPolicy, securityHeaders } = await import('../../lib/server/http/headers');
const { parseEnv } = await import('../../lib/server/env');

const APP = 'https://verify.example.edu.cn';
const req = (url: string, init: { method?: string; headers?: Record<string, string> } = {}) => new NextRequest(`${APP}${url}`, init);

describe('proxy.ts', () => {
  it('sets a fresh nonce CSP without unsafe-inline scripts, and the security headers', () => {
    const a = proxy(req('/home'));
    const b = proxy(req('/home'));
    const csp = a.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(nonce.length).toBeGreaterThanOrEqual(22);
    expect(b.headers.get('content-security-policy')).not.toContain(nonce);
    const script = /script-src ([^;]*)/.exec(csp)![1]!;
    expect(script).toContain(`'nonce-${nonce}'`);
    expect(script).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('upgrade-insecure-requests');
    expect(a.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(a.headers.get('permissions-policy')).toContain('camera=(self)');
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    // Next.js reads the nonce from the request's CSP header (passed on as x-middleware-request-*).
    expect(a.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
  });

  it('keeps the storage route’s no-referrer and sandbox', () => {
    const r = proxy(req('/api/storage/object?token=x'));
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('a forged server action from another site is a localized 403, not Next’s 500', async () => {
    const r = proxy(req('/identity', { method: 'POST', headers: { origin: 'https://evil.example', 'next-action': 'abc' } }));
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('其他网站');
    const en = proxy(req('/identity', { method: 'POST', headers: { origin: 'https://evil.example', 'accept-language': 'en' } }));
    expect(await en.text()).toMatch(/another website/);
    expect(proxy(req('/identity', { method: 'POST', headers: { origin: APP, 'next-action': 'abc' } })).status).toBe(200);
  });

  it('refuses NUL in the URL and a declared action body over 1 MB', () => {
    expect(proxy(req('/staff/reviews?q=%00')).status).toBe(400);
    expect(proxy(req('/identity', { method: 'POST', headers: { origin: APP, 'next-action': 'abc', 'content-length': String(2 * 1024 * 1024) } })).status).toBe(
      413,
    );
  });

  it('HSTS and upgrade-insecure-requests only over https', () => {
    const env = parseEnv({ ...process.env, AUTH_URL: 'http://localhost:3000' });
    expect(securityHeaders(env)['Strict-Transport-Security']).toBeUndefined();
    expect(contentSecurityPolicy(env, 'n')).not.toContain('upgrade-insecure-requests');
  });
});
