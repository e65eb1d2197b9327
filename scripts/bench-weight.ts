/**
 * `npm run bench:weight` — how much JavaScript does a phone download before a student page works?
 *
 * Starts the production build (`npm run build` first) on its own ports (app :3300, development
 * OpenID provider :3301) with a fresh embedded database under .data-bench/, signs in as the demo
 * student stu-dilnur over plain HTTP (Auth.js CSRF → provider account picker → callback, one cookie
 * jar, as a browser would), acknowledges the privacy notice through its no-JS form post so that
 * /identity renders the form, then for /home, /identity, /me and /signin fetches the HTML, collects
 * every /_next/static/**.js it references (script tags and the RSC payload's client chunks),
 * fetches each, gzips it (zlib, default level) and sums. Chunks a page loads later with import()
 * (the identity form's validation) are not first-load; they are reported on their own line and
 * counted into /identity's ratio, since a student filling the form downloads them too. Every page
 * is also printed as a ratio to /bench/bare, an empty page of the same build (the floor).
 * BENCH_PORT (default 3300; the provider on +1) moves the servers. `--verbose` lists every script with its size. The last line of output is one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// BENCH_PORT moves it off the e2e ports when a suite runs alongside.
const PORT = Number(process.env.BENCH_PORT || 3300);
const OIDC_PORT = PORT + 1;
const APP = `http://localhost:${PORT}`;
const DATA_DIR = '.data-bench';
const ACCOUNT = 'stu-dilnur';
// /bench/bare is the floor: the same build, root layout and CSS with no page code of its own.
const PAGES = { bare: '/bench/bare', home: '/home', identity: '/identity', me: '/me', signin: '/signin' } as const;
// Issue 14's aims, as ratios to the bare page (first-load plus lazily loaded validation for /identity).
const AIM_RATIO: Partial<Record<keyof typeof PAGES, number>> = { home: 1.04, identity: 1.12 };
const VERBOSE = process.argv.includes('--verbose');

if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
  console.error('No production build (.next/BUILD_ID missing): run npm run build first.');
  process.exit(1);
}

// ---- server ------------------------------------------------------------------------------------

function startServer(): ChildProcess {
  rmSync(path.join(ROOT, DATA_DIR), { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  // As scripts/e2e-server.ts: empty means unset, so a developer's .env cannot leak in.
  for (const name of [
    'DATABASE_URL',
    'SUPABASE_URL',
    'SUPABASE_SERVICE_ROLE_KEY',
    'AUTH_CAMPUS_ISSUER',
    'AUTH_CAMPUS_ID',
    'AUTH_CAMPUS_SECRET',
    'AUTH_CAMPUS_CLAIM_STUDENT_NUMBER',
    'AUTH_CAMPUS_CLAIM_AFFILIATION',
    'AUTH_CAMPUS_CLAIM_NAME',
    'AUTH_CAMPUS_NAME',
    'AUTH_CAMPUS_SCOPE',
    'AUTH_SECRET',
  ])
    env[name] = '';
  Object.assign(env, { DATA_DIR, PORT: String(PORT), DEV_OIDC_PORT: String(OIDC_PORT), AUTH_URL: APP, HOST: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1' });
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  // Its own process group, so stopping it stops `next start` and nothing else.
  const child = spawn(tsx, ['--conditions=react-server', 'scripts/start.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (b: Buffer) => (log = (log + b.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`server exited early (${code}):\n${log}`);
      process.exit(1);
    }
  });
  return child;
}

let stopping = false;
async function stopServer(child: ChildProcess): Promise<void> {
  stopping = true;
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
  rmSync(path.join(ROOT, DATA_DIR), { recursive: true, force: true });
}

async function waitHealthy(): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${APP}/api/health`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not become healthy in 180 s');
}

// ---- a browser's cookie jar and redirects, by hand ----------------------------------------------

const jar = new Map<string, string>();
const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

function keepCookies(res: Response): void {
  for (const c of res.headers.getSetCookie()) {
    const [pair, ...attrs] = c.split(';');
    const i = pair!.indexOf('=');
    const name = pair!.slice(0, i).trim();
    const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
    if (expired) jar.delete(name);
    else jar.set(name, pair!.slice(i + 1));
  }
}

async function request(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() } });
  keepCookies(res);
  return res;
}

/** Follows redirects (GET), answering the provider's account picker with ACCOUNT. */
async function follow(start: Response, from: string): Promise<string> {
  let res = start;
  let url = from;
  for (let hop = 0; hop < 20; hop++) {
    const loc = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && loc) {
      url = new URL(loc, url).href;
      res = await request(url);
      continue;
    }
    if (res.status === 200 && /\/interaction\/[^/]+$/.test(new URL(url).pathname)) {
      await res.arrayBuffer();
      res = await request(`${url}/login`, {
        method: 'POST',
        body: new URLSearchParams({ account: ACCOUNT }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      continue;
    }
    await res.arrayBuffer();
    return url;
  }
  throw new Error(`too many redirects, last at ${url}`);
}

async function signIn(): Promise<void> {
  const csrf = await request(`${APP}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await request(`${APP}/api/auth/signin/campus`, {
    method: 'POST',
    body: new URLSearchParams({ csrfToken, callbackUrl: `${APP}/home` }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const landed = await follow(res, `${APP}/api/auth/signin/campus`);
  if (new URL(landed).pathname !== '/home') throw new Error(`sign-in ended at ${landed}`);
}

/**
 * The notice is a server-action form that works without JavaScript: post it as the browser would
 * (multipart, with the action's hidden fields) so that /identity then renders the form itself.
 */
async function acceptNotice(): Promise<void> {
  const html = await (await request(`${APP}/identity/notice`)).text();
  const at = html.indexOf('data-testid="notice"');
  if (at < 0 || !html.includes('data-testid="notice-accept"')) return; // acknowledged already
  const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(html.slice(at))?.[1] ?? '';
  const body = new FormData();
  for (const m of form.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name) body.append(name.replace(/&amp;/g, '&'), value.replace(/&amp;/g, '&'));
  }
  const res = await request(`${APP}/identity/notice`, { method: 'POST', body });
  await follow(res, `${APP}/identity/notice`);
  const after = await request(`${APP}/identity`);
  if (after.status !== 200 || !(await after.text()).includes('data-testid="identity-form"')) {
    throw new Error('the notice could not be acknowledged: /identity shows no form');
  }
}

// ---- weighing ----------------------------------------------------------------------------------

const gz = new Map<string, number>();
async function gzipped(src: string): Promise<number> {
  if (!gz.has(src)) {
    const res = await request(new URL(src, APP).href);
    if (!res.ok) throw new Error(`${src}: HTTP ${res.status}`);
    gz.set(src, gzipSync(Buffer.from(await res.arrayBuffer())).byteLength);
  }
  return gz.get(src)!;
}

/**
 * Every static JS file the page's HTML names — <script src> and client chunks in the RSC payload —
 * except the legacy polyfills in <script nomodule>, which browsers with ES modules (every WeChat
 * WebView and phone browser in use) never download.
 */
function scriptsOf(html: string): string[] {
  const found = new Set<string>();
  const skip = new Set<string>();
  for (const tag of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = /\bsrc="([^"]+)"/.exec(tag[0])?.[1];
    if (src && /\bnomodule\b/i.test(tag[0])) skip.add(new URL(src, APP).pathname);
  }
  for (const m of html.matchAll(/\/_next\/static\/[^"'\s\\<>]+?\.js/g)) if (!skip.has(m[0])) found.add(m[0]);
  return [...found];
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

async function main(): Promise<void> {
  const server = startServer();
  const out: Record<string, number> = {};
  try {
    await waitHealthy();
    await signIn();
    await acceptNotice();
    const firstLoad = new Set<string>();
    for (const [name, route] of Object.entries(PAGES)) {
      // /signin sends a signed-in person on: weigh it as a visitor sees it.
      const saved = name === 'signin' ? new Map(jar) : null;
      if (saved) jar.clear();
      const res = await request(`${APP}${route}`);
      if (res.status !== 200) throw new Error(`${route}: HTTP ${res.status} (location ${res.headers.get('location')})`);
      const scripts = scriptsOf(await res.text());
      if (saved) for (const [k, v] of saved) jar.set(k, v);
      let total = 0;
      for (const s of scripts) {
        const size = await gzipped(s);
        total += size;
        firstLoad.add(path.basename(s));
        if (VERBOSE) console.log(`    ${String(kb(size)).padStart(7)} KB  ${s}`);
      }
      out[`${name}_kb`] = kb(total);
      console.log(`${route.padEnd(10)} ${String(kb(total)).padStart(7)} KB gzipped in ${scripts.length} scripts`);
    }
    // The identity form's validation (zod + the schema + phone metadata), fetched after first paint.
    const chunksDir = path.join(ROOT, '.next', 'static', 'chunks');
    let lazy = 0;
    for (const f of readdirSync(chunksDir)) {
      if (!f.endsWith('.js') || firstLoad.has(f)) continue;
      const text = readFileSync(path.join(chunksDir, f));
      if (text.includes('identity.errors.birthMismatch')) lazy += gzipSync(text).byteLength;
    }
    if (lazy) {
      out.identity_lazy_kb = kb(lazy);
      console.log(`${'/identity'.padEnd(10)} ${String(kb(lazy)).padStart(7)} KB gzipped more, loaded after first paint (form validation)`);
    }
    const bare = out.bare_kb!;
    for (const name of Object.keys(PAGES) as (keyof typeof PAGES)[]) {
      if (name === 'bare') continue;
      const total = out[`${name}_kb`]! + (name === 'identity' ? (out.identity_lazy_kb ?? 0) : 0);
      const ratio = Math.round((total / bare) * 1000) / 1000;
      out[`${name}_ratio`] = ratio;
      const aim = AIM_RATIO[name];
      console.log(`${PAGES[name].padEnd(10)} ${ratio.toFixed(3)}× the bare page${aim ? ` (aim ≤ ${aim}×${ratio > aim ? ', OVER' : ''})` : ''}`);
    }
  } finally {
    await stopServer(server);
  }
  console.log(JSON.stringify(out));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
