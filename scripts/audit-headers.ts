/**
 * `npm run audit:headers [URL]` — the security headers of every page and route of a built app.
 *
 * Without a URL it starts the production build itself (scripts/e2e-server.ts main: a fresh
 * embedded database and the development OpenID provider) on E2E_PORT_BASE (default 4100); with a
 * URL (or AUDIT_URL) it audits that server, which must offer the development provider's demo
 * accounts. It signs in as a demo student and a demo staff member (admin) in a headless Chromium,
 * then requests every page.tsx and route.ts found under app/ — dynamic segments filled with a
 * well-formed unknown id — anonymously and as each of them, prints the headers of each answer and
 * exits 1 when one is missing or weak. The last line printed is one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type APIRequestContext, type Browser } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BASE = Number(process.env.E2E_PORT_BASE || 4100);
const given = process.argv[2] ?? process.env.AUDIT_URL;
const APP = (given ?? `http://localhost:${BASE}`).replace(/\/$/, '');
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Every URL the app serves, from the file system: route groups dropped, dynamic segments filled. */
function routes(dir = path.join(root, 'app'), prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name.startsWith('_')) continue; // private folders (_actions, _components)
      let seg = name;
      if (/^\(.*\)$/.test(name)) seg = '';
      else if (name === '[...nextauth]') seg = 'session';
      else if (name === '[path]') seg = 'sw.js';
      else if (/^\[.*\]$/.test(name)) seg = UNKNOWN_ID;
      out.push(...routes(full, seg ? `${prefix}/${seg}` : prefix));
    } else if (name === 'page.tsx' || name === 'route.ts') out.push(prefix || '/');
  }
  return [...new Set(out)].sort();
}

interface Finding {
  who: string;
  url: string;
  status: number;
  missing: string[];
}

function check(url: string, h: Record<string, string>, https: boolean): string[] {
  const missing: string[] = [];
  const storage = url.startsWith('/api/storage/');
  for (const k of ['x-content-type-options', 'referrer-policy', 'permissions-policy', 'x-frame-options']) if (!h[k]) missing.push(k);
  if (h['x-content-type-options'] && h['x-content-type-options'] !== 'nosniff') missing.push('x-content-type-options=nosniff');
  if (!/camera=\(self\)/.test(h['permissions-policy'] ?? '')) missing.push('permissions-policy camera=(self)');
  const csp = h['content-security-policy'] ?? '';
  if (!csp) missing.push('content-security-policy');
  else if (!storage) {
    const script = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    if (!/'nonce-[A-Za-z0-9+/=]{16,}'/.test(script)) missing.push('csp script-src nonce');
    if (/'unsafe-inline'/.test(script)) missing.push("csp script-src without 'unsafe-inline'");
    if (!/frame-ancestors 'none'/.test(csp)) missing.push("csp frame-ancestors 'none'");
  }
  if (storage && h['referrer-policy'] !== 'no-referrer') missing.push('referrer-policy=no-referrer (storage)');
  if (https && !h['strict-transport-security']) missing.push('strict-transport-security');
  if (!https && h['strict-transport-security']) missing.push('no strict-transport-security over http');
  const cookies = h['set-cookie'] ?? '';
  if (https && cookies && /authjs/.test(cookies) && !/;\s*secure/i.test(cookies)) missing.push('Secure session cookie');
  return missing;
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

async function signedIn(browser: Browser, sub: string): Promise<APIRequestContext> {
  const ctx = await browser.newContext({ baseURL: APP, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(`${APP}/signin`);
  await page.getByTestId('sign-in').click();
  await page.waitForURL((u) => u.pathname.startsWith('/interaction/'));
  await page.locator(`button[data-account="${sub}"]`).click();
  await page.waitForURL((u) => u.origin === APP && u.pathname !== '/signin' && !u.pathname.startsWith('/api/auth'));
  return ctx.request;
}

async function main(): Promise<void> {
  let server: ChildProcess | undefined;
  if (!given) {
    server = spawn('npx', ['tsx', '--conditions=react-server', 'scripts/e2e-server.ts', 'main'], {
      cwd: root,
      env: { ...process.env, E2E_PORT_BASE: String(BASE), E2E_DATA_DIR: '.data-audit' },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox'] });
  const findings: Finding[] = [];
  const nonces: string[] = [];
  let requests = 0;
  try {
    await waitFor(`${APP}/api/health`, 180_000);
    const https = APP.startsWith('https://');
    const anon = (await browser.newContext({ baseURL: APP })).request;
    const who: [string, APIRequestContext][] = [
      ['anonymous', anon],
      ['student', await signedIn(browser, 'stu-zhang')],
      ['staff', await signedIn(browser, 'admin')],
    ];
    for (const url of routes()) {
      for (const [name, req] of who) {
        const res = await req.get(url, { maxRedirects: 0, failOnStatusCode: false });
        requests++;
        const h = res.headers();
        const missing = check(url, h, https);
        // Not a header, but an answer every audit should see: an unknown id must never be a 500.
        if (res.status() >= 500) missing.push(`status ${res.status()}`);
        const nonce = /'nonce-([^']+)'/.exec(h['content-security-policy'] ?? '')?.[1];
        if (nonce) nonces.push(nonce);
        findings.push({ who: name, url, status: res.status(), missing });
        const shown = [
          'content-security-policy',
          'x-content-type-options',
          'referrer-policy',
          'permissions-policy',
          'x-frame-options',
          'strict-transport-security',
        ];
        console.log(`${missing.length ? 'FAIL' : 'ok  '} ${res.status()} ${name.padEnd(9)} ${url}`);
        for (const k of shown) if (h[k]) console.log(`       ${k}: ${k === 'content-security-policy' ? h[k].replace(/'nonce-[^']+'/g, "'nonce-…'") : h[k]}`);
        if (missing.length) console.log(`       missing: ${missing.join(', ')}`);
      }
    }
  } finally {
    await browser.close();
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  }
  // A nonce is per request: the same one twice means a cached or static page kept it.
  const distinct = new Set(nonces).size;
  if (distinct !== nonces.length) findings.push({ who: '-', url: '(all)', status: 0, missing: [`${nonces.length - distinct} repeated CSP nonces`] });
  const failed = findings.filter((f) => f.missing.length);
  console.log(
    JSON.stringify({
      app: APP,
      routes: routes().length,
      requests,
      nonces: nonces.length,
      distinctNonces: distinct,
      failed: failed.length,
      failures: failed.slice(0, 20),
    }),
  );
  process.exit(failed.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
