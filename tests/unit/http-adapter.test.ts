import { RETRY_AFTER_SECONDS } from '../../lib/domain/unavailable';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

// The adapter reads AUTH_URL through getEnv() (cached on first use): set it before anything runs.
process.env.AUTH_URL = 'https://verify.example.edu.cn';

const limiter = vi.hoisted(() => ({ fn: vi.fn(async (_kind: string, _key: string) => undefined as void) }));
vi.mock('../../lib/server/ratelimit', () => ({ limit: (kind: string, key: string) => limiter.fn(kind, key) }));
const requestHeaders = vi.hoisted(() => ({ value: new Headers() }));
vi.mock('next/headers', () => ({ headers: async () => requestHeaders.value }));
// Sign-in needs Next's request scope; these routes use auth 'none', the session one is exercised end to end.
vi.mock('../../lib/server/auth/session', () => ({
  getCtx: async () => ({ userId: null, actor: { kind: 'anonymous' } }),
  getAccess: async () => null,
}));

const { apiRoute } = await import('../../lib/server/http/route');
const { originAllowed } = await import('../../lib/server/http/origin');
const { findBadString } = await import('../../lib/server/http/strings');
const { localeOf } = await import('../../lib/server/http/respond');
const { runAction } = await import('../../lib/server/action');
const { redirect } = await import('next/navigation');

const APP = 'https://verify.example.edu.cn';
const policy = { origin: APP, trustProxy: false };

beforeEach(() => {
  limiter.fn.mockReset();
  limiter.fn.mockImplementation(async () => undefined);
  requestHeaders.value = new Headers({ origin: APP });
});

/** A route that echoes the parsed body; `seen` records whether the handler ran at all. */
function echo(opts: Partial<Parameters<typeof apiRoute>[0]> = {}) {
  const seen = { calls: 0 };
  const route = apiRoute<{ id: string }>({ what: 'echo', auth: 'none', body: 'json', ...opts }, async ({ body }) => {
    seen.calls++;
    return { got: body };
  });
  return { route, seen };
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}, url = `${APP}/api/x`) =>
  new Request(url, { method: 'POST', body, headers: { origin: APP, 'content-type': 'application/json', ...headers }, duplex: 'half' } as RequestInit);

async function json(res: Response) {
  return (await res.json()) as { error: string; code: string; message: string; fieldErrors?: Record<string, string> };
}

describe('origin', () => {
  it('compares scheme and host with AUTH_URL exactly', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(originAllowed('POST', h({ origin: APP }), policy)).toBe(true);
    expect(originAllowed('POST', h({ origin: 'http://verify.example.edu.cn' }), policy)).toBe(false);
    expect(originAllowed('POST', h({ origin: 'https://verify.example.edu.cn.evil.cn' }), policy)).toBe(false);
    expect(originAllowed('POST', h({ origin: 'https://verify.example.edu.cn:444' }), policy)).toBe(false);
    expect(originAllowed('POST', h({ origin: 'null' }), policy)).toBe(false);
    expect(originAllowed('POST', h({ origin: 'not a url' }), policy)).toBe(false);
    expect(originAllowed('GET', h({ origin: 'https://evil.example' }), policy)).toBe(true);
  });

  it('without an Origin header: refused when Sec-Fetch-Site names another site, or in strict mode', () => {
    expect(originAllowed('POST', new Headers(), policy)).toBe(true);
    expect(originAllowed('POST', new Headers({ 'sec-fetch-site': 'same-origin' }), policy)).toBe(true);
    expect(originAllowed('POST', new Headers({ 'sec-fetch-site': 'cross-site' }), policy)).toBe(false);
    expect(originAllowed('POST', new Headers({ 'sec-fetch-site': 'same-site' }), policy)).toBe(false);
    expect(originAllowed('POST', new Headers(), policy, 'strict')).toBe(false);
  });

  it('believes X-Forwarded-Host only behind a trusted proxy', () => {
    const h = new Headers({ origin: 'https://id.campus.cn', 'x-forwarded-host': 'id.campus.cn', 'x-forwarded-proto': 'https' });
    expect(originAllowed('POST', h, policy)).toBe(false);
    expect(originAllowed('POST', h, { ...policy, trustProxy: true })).toBe(true);
  });

  it('a foreign Origin is a localized 403 and the handler never runs', async () => {
    const { route, seen } = echo();
    const res = await route(post('{}', { origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    const b = await json(res);
    expect(b).toMatchObject({ code: 'forbidden', error: 'http.foreignOrigin' });
    expect(b.message).toContain('其他网站');
    const en = await json(await route(post('{}', { origin: 'https://evil.example', cookie: 'a=1; locale=en' })));
    expect(en.message).toMatch(/another website/);
    expect(seen.calls).toBe(0);
  });
});

describe('body', () => {
  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(10));
      },
    });
    const { route, seen } = echo({ bodyLimit: 100 });
    const res = await route(post(stream, { 'content-length': '1000000' }));
    expect(res.status).toBe(413);
    expect((await json(res)).error).toBe('http.tooLarge');
    expect(seen.calls).toBe(0);
    // A ReadableStream pulls once to fill its queue on creation; nothing beyond that was read.
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('counts a chunked body while reading and stops past the limit', async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 64;
        if (sent > 10_000) c.close();
        else c.enqueue(new TextEncoder().encode('"'.padEnd(64, 'a')));
      },
    });
    const { route, seen } = echo({ bodyLimit: 1000 });
    const res = await route(post(stream));
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(2000);
    expect(seen.calls).toBe(0);
  });

  it('malformed JSON, invalid UTF-8 and the wrong content type are 400/415 with localized messages', async () => {
    const { route, seen } = echo();
    const bad = await route(post('{"a":'));
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ code: 'invalid_input', error: 'http.malformedJson' });
    const notUtf8 = await route(post(new Uint8Array([0x22, 0xff, 0xfe, 0x22])));
    expect(notUtf8.status).toBe(400);
    const wrongType = await route(post('{}', { 'content-type': 'text/plain' }));
    expect(wrongType.status).toBe(415);
    expect((await json(wrongType)).message).toBe('请求的内容类型不正确。');
    expect(seen.calls).toBe(0);
  });

  it('passes a well-formed JSON body to the handler', async () => {
    const { route } = echo();
    const res = await route(post(JSON.stringify({ name: '迪丽努尔·阿不都', rtl: '\u202Eabc', emoji: '😀' })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { name: '迪丽努尔·阿不都', rtl: '\u202Eabc', emoji: '😀' } });
  });

  it('hands `stream` routes a stream that errors past the limit', async () => {
    const route = apiRoute({ what: 'stream', auth: 'none', body: 'stream', bodyLimit: 100 }, async ({ body }) => {
      await new Response(body as ReadableStream).arrayBuffer();
      return { ok: true };
    });
    const ok = await route(post('x'.repeat(100), { 'content-type': 'text/csv' }));
    expect(ok.status).toBe(200);
    const big = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(50));
        c.close();
      },
    });
    expect((await route(post(big, { 'content-type': 'text/csv' }))).status).toBe(413);
  });
});

describe('strings Postgres cannot store', () => {
  it('finds NUL and lone surrogates anywhere, keeps paired surrogates, RTL and zero-width characters', () => {
    expect(findBadString({ a: ['ok', { b: 'x\u0000y' }] })).toBe('a');
    expect(findBadString({ name: 'a\uD800' })).toBe('name');
    expect(findBadString({ name: '\uDC00b' })).toBe('name');
    expect(findBadString({ ['k\u0000']: 'v' })).toBe('form');
    expect(findBadString({ name: '😀 \u202E\u200B\u200D\uFEFF' })).toBeNull();
    const f = new FormData();
    f.set('ok', 'fine');
    f.set('bad', 'nul\u0000');
    expect(findBadString(f)).toBe('bad');
    expect(findBadString(new URLSearchParams('q=%00'))).toBe('q');
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(findBadString(deep)).not.toBeNull();
  });

  it('the route refuses them in the body, the query and the route params with a 400 naming the field', async () => {
    const { route, seen } = echo();
    const body = await route(post(JSON.stringify({ phone: '138\u00000000' })));
    expect(body.status).toBe(400);
    expect(await json(body)).toMatchObject({ error: 'http.badCharacters', fieldErrors: { phone: 'http.badCharacters' } });
    expect((await route(post('{"x":"\\ud800"}'))).status).toBe(400);
    expect((await route(post('{}', {}, `${APP}/api/x?q=%00`))).status).toBe(400);
    const withParams = await route(post('{}'), { params: Promise.resolve({ id: 'a\u0000' }) });
    expect(withParams.status).toBe(400);
    expect(seen.calls).toBe(0);
  });
});

describe('errors', () => {
  it('a ZodError thrown by the verb is a 400 with field keys, never internal', async () => {
    const route = apiRoute({ what: 'zod', auth: 'none', body: 'json' }, async ({ body }) => z.object({ taskId: z.uuid() }).parse(body));
    const res = await route(post(JSON.stringify({ taskId: 'nope' })));
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: 'invalid_input', fieldErrors: { taskId: 'errors.invalid_input' } });
  });

  it('a Postgres data exception (NUL, bad uuid) is a 400, a restart a 503 with Retry-After', async () => {
    const thrower = (code: string) =>
      apiRoute({ what: 'db', auth: 'none' }, async () => {
        throw Object.assign(new Error('db said no'), { code });
      });
    expect((await thrower('22021')(new Request(`${APP}/x`))).status).toBe(400);
    expect((await thrower('22P02')(new Request(`${APP}/x`))).status).toBe(400);
    const down = await thrower('57P01')(new Request(`${APP}/x`));
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
  });

  it('only a real bug is a 500, logged, with no detail for the caller', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const route = apiRoute({ what: 'bug', auth: 'none', errors: 'text' }, async () => {
      throw new TypeError('x is undefined at secret.ts:12');
    });
    const res = await route(new Request(`${APP}/x`));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('系统繁忙，请稍后再试。');
    expect(spy).toHaveBeenCalledOnce();
  });

  it('rate limit: the hook is called with kind and key; a refusal is a 429 with Retry-After', async () => {
    const route = apiRoute({ what: 'limited', auth: 'none', rateLimit: { kind: 'confirm', by: 'ip' } }, async () => ({ ok: true }));
    const req = () => new Request(`${APP}/x`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect((await route(req())).status).toBe(200);
    expect(limiter.fn).toHaveBeenCalledWith('confirm', 'ip:203.0.113.9');
    limiter.fn.mockImplementation(async () => {
      throw { msBeforeNext: 2500 };
    });
    const res = await route(req());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect((await json(res)).message).toBe('操作过于频繁，请 3 秒后再试。');
  });

  it('localeOf: the locale cookie, then Accept-Language, then zh-CN', () => {
    expect(localeOf(new Headers({ cookie: 'locale=en' }))).toBe('en');
    expect(localeOf(new Headers({ 'accept-language': 'en-GB,en;q=0.9' }))).toBe('en');
    expect(localeOf(new Headers({ 'accept-language': 'de', cookie: 'locale=fr' }))).toBe('zh-CN');
  });
});

describe('runAction', () => {
  it('runs the verb for our origin and maps its AppError to keys', async () => {
    expect(await runAction('ok', async () => 42)).toEqual({ ok: true, data: 42 });
    const r = await runAction('zod', async () => z.object({ a: z.string().min(3) }).parse({ a: '' }));
    expect(r).toMatchObject({ ok: false, code: 'invalid_input', fieldErrors: { a: 'errors.invalid_input' } });
  });

  it('refuses a foreign Origin and bad strings in the input before the verb runs', async () => {
    const verb = vi.fn(async () => 1);
    requestHeaders.value = new Headers({ origin: 'https://evil.example' });
    expect(await runAction('x', verb)).toMatchObject({ ok: false, code: 'forbidden', error: 'http.foreignOrigin' });
    requestHeaders.value = new Headers({ origin: APP });
    const f = new FormData();
    f.set('summary', 'a\u0000b');
    expect(await runAction('x', verb, { input: f })).toMatchObject({ ok: false, code: 'invalid_input', fieldErrors: { summary: 'http.badCharacters' } });
    expect(verb).not.toHaveBeenCalled();
  });

  it('lets redirect() through instead of calling it an internal error', async () => {
    await expect(runAction('redirect', async () => redirect('/somewhere'))).rejects.toMatchObject({ digest: expect.stringContaining('NEXT_REDIRECT') });
  });
});
