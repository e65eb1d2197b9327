import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect, MAIN_APP, signIn, test } from './fixtures';

/**
 * The bad-input corpus against the real built server (issue 8): over-long, control characters,
 * NUL, lone surrogates, RTL / zero-width, HTML, SQL, malformed JSON, wrong content types, oversized
 * bodies, a forged server-action call, an SVG named .jpg, an HTML/JPEG polyglot, and other people's ids in the parameters
 * of downloads and APIs. Every answer must be a 4xx with a localized message — never a 500, never
 * `internal` — and the signed-in student's own data (their PIPL copy, /me/copy: identity versions,
 * documents, requests, audit of their own) must hash the same before and after.
 *
 * stu-wang is used by no other spec.
 */
const EVIL = 'https://evil.example';
const HAN = /[\u4e00-\u9fff]/;
const seen: { url: string; status: number; body: string }[] = [];

async function refusal(res: APIResponse, what: string, opts: { english?: boolean } = {}): Promise<string> {
  const body = await res.text();
  seen.push({ url: res.url(), status: res.status(), body });
  expect(res.status(), `${what}: ${body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status(), `${what}: ${body.slice(0, 200)}`).toBeLessThan(500);
  let message = body;
  if ((res.headers()['content-type'] ?? '').includes('json')) {
    const j = JSON.parse(body) as { message?: string; code?: string };
    message = j.message ?? '';
    expect(j.code, what).not.toBe('internal');
  }
  expect(message.trim().length, `${what} has a message`).toBeGreaterThan(0);
  // A message for a person, not an i18n key or a stack trace.
  expect(message, what).not.toMatch(/^[a-z]+(\.[A-Za-z_]+)+$/);
  expect(message, what).not.toMatch(/at .*\.(ts|js):\d+/);
  if (opts.english) expect(message, what).toMatch(/[A-Za-z]{3,}/);
  else expect(message, `${what} is in Chinese`).toMatch(HAN);
  return message;
}

async function fingerprint(req: APIRequestContext): Promise<string> {
  const res = await req.get('/me/copy');
  expect(res.status()).toBe(200);
  const copy = (await res.json()) as Record<string, unknown>;
  delete copy.generatedAt;
  return createHash('sha256').update(JSON.stringify(copy)).digest('hex');
}

test.describe('bad input', () => {
  test.skip(({ isMobile }) => !isMobile, 'one pass is enough: the server is the same for both projects');

  test('every refusal is a localized 4xx and changes nothing', async ({ page }) => {
    await signIn(page, 'stu-wang');
    // The privacy notice is acknowledged first, as every student does.
    await page.goto('/identity');
    if (page.url().includes('/identity/notice')) await page.getByTestId('notice-accept').click();
    await expect(page).toHaveURL(/\/identity$/);
    const req = page.request;
    const before = await fingerprint(req);
    // Raw bytes: Playwright would JSON-encode a string body sent as application/json.
    const confirm = (data: string | Buffer, headers: Record<string, string> = {}) =>
      req.post('/api/v1/confirm', {
        data: Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'),
        headers: { 'content-type': 'application/json', origin: MAIN_APP, ...headers },
        failOnStatusCode: false,
      });

    await test.step('JSON API: malformed, wrong type, NUL, surrogates, RTL, HTML, SQL, over-long, oversized', async () => {
      for (const [what, body] of [
        ['truncated JSON', '{"taskId":'],
        ['array garbage', '[1,'],
        ['not JSON at all', 'taskId=1'],
        ['empty body', ''],
        ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ] as const) {
        await refusal(await confirm(body as string | Buffer), what);
      }
      expect((await confirm('{"taskId":')).status()).toBe(400);
      const nul = await refusal(await confirm(JSON.stringify({ taskId: `${randomUUID()}\u0000` })), 'NUL');
      expect(nul).toContain('空字符');
      await refusal(await confirm('{"taskId":"\\ud800"}'), 'lone high surrogate');
      await refusal(await confirm('{"taskId":"\\udc00abc"}'), 'lone low surrogate');
      await refusal(await confirm(JSON.stringify({ taskId: '\u202E\u200B' + randomUUID().slice(2) })), 'RTL override and zero-width');
      await refusal(await confirm(JSON.stringify({ taskId: '\u0007\u001b[31m' })), 'control characters');
      const html = await confirm(JSON.stringify({ taskId: '<img src=x onerror=alert(1)>' }));
      expect(html.headers()['content-type']).toMatch(/json/);
      await refusal(html, 'HTML');
      await refusal(await confirm(JSON.stringify({ taskId: "' or 1=1; drop table public.students; --" })), 'SQL');
      await refusal(await confirm(JSON.stringify({ taskId: 1 })), 'a number for a string');
      await refusal(await confirm(JSON.stringify({ taskId: 'x'.repeat(3000) })), 'over-long id');
      const big = await confirm(JSON.stringify({ taskId: 'x'.repeat(100_000) }));
      expect(big.status()).toBe(413);
      await refusal(big, 'oversized body');
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
        const r = await confirm(JSON.stringify({ taskId: randomUUID() }), { 'content-type': type });
        expect(r.status(), type).toBe(415);
        await refusal(r, `content type ${type}`);
      }
      const en = await confirm('{"taskId":', { 'accept-language': 'en-US,en;q=0.9' });
      expect(await refusal(en, 'malformed JSON, English', { english: true })).toMatch(/not valid JSON/);
    });

    await test.step('another user’s and unknown ids in every parameter', async () => {
      await refusal(await confirm(JSON.stringify({ taskId: randomUUID() })), 'a task that is not mine');
      for (const url of [
        `/staff/students/${randomUUID()}/dossier`,
        `/staff/reviews/${randomUUID()}/print`,
        `/staff/campaigns/${randomUUID()}/export`,
        '/staff/campaigns/not-a-uuid/export',
        `/staff/imports/${randomUUID()}/errors`,
        `/staff/questionnaires/${randomUUID()}/export`,
        '/staff/audit/export',
        '/staff/metrics/export',
        '/office/export?format=xlsx',
      ]) {
        await refusal(await req.get(url, { failOnStatusCode: false }), url);
      }
      await refusal(await req.get(`/api/v1/students/${randomUUID()}`, { failOnStatusCode: false }), 'office API without a token');
      await refusal(
        await req.get('/api/v1/students', { headers: { authorization: `Bearer civ_${'A'.repeat(43)}` }, failOnStatusCode: false }),
        'office API with a forged token',
      );
      await refusal(await req.get('/staff/reviews?q=%00', { failOnStatusCode: false }), 'NUL in a query string');
      await refusal(await req.get('/api/storage/object?token=garbage', { failOnStatusCode: false }), 'a forged storage token');
      await refusal(
        await req.put(`/api/storage/upload?token=${'a'.repeat(40)}.${'b'.repeat(43)}`, {
          data: Buffer.from('GIF89a'),
          headers: { 'content-type': 'image/jpeg' },
          failOnStatusCode: false,
        }),
        'a forged upload token',
      );
      await refusal(
        await req.post('/staff/imports/upload?kind=roster&name=roster.csv', {
          data: '学号,姓名\n2025020003,"=HYPERLINK(""http://evil.example"",""x"")"\n',
          headers: { 'content-type': 'text/csv', origin: MAIN_APP },
          failOnStatusCode: false,
        }),
        'CSV import by a student (formula cells)',
      );
      await refusal(
        await req.post('/staff/imports/upload?kind=roster&name=roster.csv', {
          data: 'a,b\n',
          headers: { 'content-type': 'text/csv' },
          failOnStatusCode: false,
        }),
        'CSV import without an Origin',
      );
    });

    await test.step('forged server actions and foreign origins are a clean 403, oversized action bodies a 413', async () => {
      const forged = await req.post('/identity', {
        data: '["x"]',
        headers: { 'next-action': '7f'.repeat(21), origin: EVIL, 'content-type': 'text/plain;charset=UTF-8' },
        failOnStatusCode: false,
      });
      expect(forged.status()).toBe(403);
      expect(await refusal(forged, 'forged fetch action')).toContain('其他网站');
      const form = await req.post('/staff/admin/users', {
        multipart: { $ACTION_ID_x: '', userId: randomUUID(), role: 'admin' },
        headers: { origin: EVIL },
        failOnStatusCode: false,
      });
      expect(form.status()).toBe(403);
      await refusal(form, 'forged form action (no JavaScript)');
      await refusal(await confirm(JSON.stringify({ taskId: randomUUID() }), { origin: EVIL }), 'JSON API from another site');
      await refusal(await confirm(JSON.stringify({ taskId: randomUUID() }), { origin: 'null' }), 'opaque origin');
      const huge = await req.post('/identity', {
        data: 'x'.repeat(1024 * 1024 + 10),
        headers: { 'next-action': '7f'.repeat(21), origin: MAIN_APP, 'content-type': 'text/plain;charset=UTF-8' },
        failOnStatusCode: false,
      });
      expect(huge.status()).toBe(413);
      await refusal(huge, 'server action body over 1 MB');
    });

    const after = await fingerprint(req);
    expect(after, 'the student’s data is unchanged').toBe(before);

    // Last: a refused photo upload may leave its rejected document row, which is the record of it.
    await test.step('an SVG named .jpg is refused as a photo, with a localized message', async () => {
      await page.goto('/identity');
      await page.getByTestId('photo-id_front-album').setInputFiles(path.resolve('tests/fixtures/fake.svg.jpg'));
      await expect(page.getByTestId('photo-id_front-error')).toHaveText(HAN, { timeout: 20_000 });
    });

    await test.step('a polyglot (an HTML page with a JPEG inside, named .jpg) is refused as a photo', async () => {
      const jpeg = readFileSync(path.resolve('tests/fixtures/id-back.jpg'));
      const buffer = Buffer.concat([Buffer.from('<html><script>alert(document.cookie)</script></html>'), jpeg]);
      await page.getByTestId('photo-id_back-album').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer });
      await expect(page.getByTestId('photo-id_back-error')).toHaveText(HAN, { timeout: 20_000 });
    });

    expect(seen.filter((s) => s.status >= 500)).toEqual([]);
    expect(seen.filter((s) => /"internal"|errors\.internal|系统繁忙/.test(s.body))).toEqual([]);
    console.log(`bad-input corpus: ${seen.length} refusals, ${seen.filter((s) => s.status >= 500).length} × 5xx`);
  });
});
