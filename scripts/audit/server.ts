/**
 * The built app for the audits (scripts/audit-a11y.ts, scripts/audit-lighthouse.ts): started the
 * way the e2e suite starts it (scripts/e2e-server.ts, mode `audit`: a fresh embedded database with
 * the demo seed and the development OpenID provider), on E2E_PORT_BASE + 300. Also the chromium
 * the audits drive and the sign-in through the real OIDC flow.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const BASE = Number(process.env.E2E_PORT_BASE || 3100);
export const AUDIT_PORT = BASE + 300;
export const APP = `http://localhost:${AUDIT_PORT}`;

export const CHROMIUM = '/usr/bin/chromium';
/** Loopback only: the audits must not reach (or wait for) anything outside this machine. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
export const TABLET = { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1, isMobile: false, hasTouch: true } as const;

export interface AppServer {
  url: string;
  stop: () => Promise<void>;
}

/**
 * `niceness`: run the server (and the processes it starts) at a lower CPU priority. Lighthouse
 * times the page's main thread by the wall clock; on a 2-core machine the server still rendering
 * and streaming the page takes the cores from it, so a task that used 20 ms of CPU read as 80 ms,
 * times four in Lighthouse's slow-phone simulation. In production the server is another machine.
 */
export async function startApp({ niceness = 0 }: { niceness?: number } = {}): Promise<AppServer> {
  const argv = [process.execPath, 'node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'scripts/e2e-server.ts', 'audit'];
  const [cmd, ...args] = niceness ? ['nice', '-n', String(niceness), ...argv] : argv;
  const child: ChildProcess = spawn(cmd!, args, {
    env: { ...process.env, E2E_PORT_BASE: String(BASE) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app server exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the app server did not answer on ${APP}/api/health within 180 s:\n${log}`);
    }
    const ok = await fetch(`${APP}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url: APP,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 8_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** /signin → the provider's account picker → the account `sub` → back on the app. */
export async function signIn(page: Page, sub: string): Promise<void> {
  await page.goto(`${APP}/signin`);
  await page.getByTestId('sign-in').click();
  await page.waitForURL((u) => u.origin !== APP && u.pathname.startsWith('/interaction/'));
  await page.locator(`button[data-account="${sub}"]`).click();
  await page.waitForURL((u) => u.origin === APP && u.pathname !== '/' && u.pathname !== '/signin' && !u.pathname.startsWith('/api/auth'));
  await page.waitForLoadState('load');
}

/** A context in one language: the app reads the `locale` cookie (lib/i18n). */
export async function newContext(browser: Browser, device: typeof PHONE | typeof TABLET, locale: 'zh-CN' | 'en'): Promise<BrowserContext> {
  const context = await browser.newContext({ ...device, locale, timezoneId: 'Asia/Shanghai' });
  await context.addCookies([{ name: 'locale', value: locale, url: APP }]);
  return context;
}
