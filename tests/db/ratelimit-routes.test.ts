import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute } from '../../app/api/v1/students/route';
import { loadAccess } from '../../lib/server/auth/access';
import { clientIpOf } from '../../lib/server/ratelimit/client-ip';
import { limitSignInRoute } from '../../lib/server/ratelimit/guard';
import { createApiClient } from '../../lib/server/sharing/create-api-client';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeOfficeWithGrant } from '../helpers/sharing';
import { makeStaff } from '../factories';

// Small budgets for this file's process (the environment is read once).
process.env.RATE_LIMITS = 'signin=2/60,api_client=2/60';

let t: TestDb;
let token: string;
beforeAll(async () => {
  t = await freshDb();
  const office = await makeOfficeWithGrant(t.db, ['student_number']);
  const admin = await makeStaff(t.db, 'admin');
  token = (await createApiClient({ access: await loadAccess(admin.ctx), input: { officeId: office.id, name: 'erp' } })).token;
});
afterAll(async () => t?.cleanup());

const auth = (path: string, xff: string, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { method: 'POST', headers: { 'x-forwarded-for': xff, ...headers } });

describe('the client IP behind TRUSTED_PROXY_HOPS', () => {
  it('takes the entry the nearest trusted proxies appended, never the one the client chose', () => {
    const h = new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' });
    expect(clientIpOf(h, 1)).toBe('203.0.113.9');
    expect(clientIpOf(new Headers({ 'x-forwarded-for': '6.6.6.6, 198.51.100.1, 10.0.0.2' }), 2)).toBe('198.51.100.1');
    expect(clientIpOf(h, 0)).toBe('unknown');
    expect(clientIpOf(new Headers({ 'x-real-ip': '192.0.2.4' }), 1)).toBe('192.0.2.4');
  });
});

describe(`sign-in routes per IP on ${testEngine}`, () => {
  it('limits sign-in starts and callbacks, shares the budget across them, and leaves session/csrf alone', async () => {
    const ip = '6.6.6.6, 203.0.113.10';
    for (let i = 0; i < 5; i++) expect(await limitSignInRoute(auth('/api/auth/session', ip))).toBeNull();
    expect(await limitSignInRoute(auth('/api/auth/signin/campus', ip))).toBeNull();
    // A forged left-hand entry does not buy a fresh budget.
    expect(await limitSignInRoute(auth('/api/auth/callback/campus?code=x', `1.1.1.1, 203.0.113.10`))).toBeNull();
    const refused = await limitSignInRoute(auth('/api/auth/callback/campus?code=y', `9.9.9.9, 203.0.113.10`, { accept: 'application/json' }));
    expect(refused!.status).toBe(429);
    const seconds = Number(refused!.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(refused!.headers.get('cache-control')).toBe('no-store');
    expect(await refused!.json()).toMatchObject({ error: 'ratelimit.signin', message: expect.stringMatching(/登录请求过于频繁/), retryAfterSeconds: seconds });
    // Another address has its own budget.
    expect(await limitSignInRoute(auth('/api/auth/signin/campus', '203.0.113.11'))).toBeNull();
  });

  it('answers a browser with a localized page linking back to sign-in (English when chosen)', async () => {
    const ip = '203.0.113.20';
    await limitSignInRoute(auth('/api/auth/signin/campus', ip));
    await limitSignInRoute(auth('/api/auth/signin/campus', ip));
    const zh = await limitSignInRoute(auth('/api/auth/callback/campus', ip, { accept: 'text/html,*/*' }));
    expect(zh!.status).toBe(429);
    expect(zh!.headers.get('content-type')).toMatch(/^text\/html/);
    const zhHtml = await zh!.text();
    expect(zhHtml).toMatch(/<html lang="zh-CN">/);
    expect(zhHtml).toMatch(/请求过于频繁/);
    expect(zhHtml).toMatch(/href="\/signin"/);
    const en = await limitSignInRoute(auth('/api/auth/callback/campus', ip, { accept: 'text/html', cookie: 'a=b; locale=en' }));
    const enHtml = await en!.text();
    expect(enHtml).toMatch(/Too many sign-in attempts/);
    expect(enHtml).toMatch(/Back to sign-in/);
  });
});

describe(`/api/v1 per API client on ${testEngine}`, () => {
  it('answers 429 problem+json with Retry-After once the client budget is used', async () => {
    const req = () => new Request('http://localhost/api/v1/students', { headers: { authorization: `Bearer ${token}` } });
    const params = { params: Promise.resolve({}) as Promise<Record<string, never>> };
    expect((await listRoute(req(), params)).status).toBe(200);
    expect((await listRoute(req(), params)).status).toBe(200);
    const r = await listRoute(req(), params);
    expect(r.status).toBe(429);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await r.json()).toMatchObject({ status: 429, type: '/api/v1/docs#problem-rate_limited', detail: expect.stringMatching(/Retry after \d+ seconds/) });
  });
});
