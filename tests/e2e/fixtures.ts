import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { poolAccounts, type DemoAccount } from '../../lib/dev-oidc/accounts';

const BASE = Number(process.env.E2E_PORT_BASE || 3100);
export const MAIN_APP = `http://localhost:${BASE}`;
export const ALT_APP = `http://localhost:${BASE + 100}`;
export const CAS_APP = `http://localhost:${BASE + 200}`;
export const CAS_SERVER = `http://127.0.0.1:${BASE + 202}/cas`;

/** Where a person can look at the screenshots a run leaves behind. */
export const SCREENS_DIR = path.resolve('test-results', 'screens');

export const test = base;
export { expect };

/** Pages the app only passes through on the way in: the sign-in page, Auth.js routes, the role router at '/'. */
function landed(url: URL, app: string): boolean {
  return url.origin === app && url.pathname !== '/' && url.pathname !== '/signin' && !url.pathname.startsWith('/api/auth');
}

export interface SignInOptions {
  /** the app's origin; the main app unless given */
  app?: string;
  /** when given, the provider's account picker must show this heading */
  pickerTitle?: string | RegExp;
}

/**
 * Signs in through the app's real OIDC flow: /signin → the provider's account picker → the account
 * with this `sub` (lib/dev-oidc/accounts.ts) → back on the app, past the role router.
 */
export async function signIn(page: Page, accountSub: string, opts: SignInOptions = {}): Promise<void> {
  const app = opts.app ?? MAIN_APP;
  await page.goto(`${app}/signin`);
  await page.getByTestId('sign-in').click();

  // The picker is served by the provider, on another origin.
  await page.waitForURL((url) => url.origin !== app && url.pathname.startsWith('/interaction/'));
  if (opts.pickerTitle) await expect(page.getByRole('heading', { level: 1 })).toHaveText(opts.pickerTitle);
  const account = page.locator(`button[data-account="${accountSub}"]`);
  await expect(account).toBeVisible();
  await account.click();

  await page.waitForURL((url) => landed(url, app));
  await page.waitForLoadState('load');
}

/**
 * Signs out with the visible sign-out button of the current page; students have it under
 * settings (/me), so go there when the current page shows none.
 */
export async function signOut(page: Page): Promise<void> {
  let button = page.getByTestId('sign-out').filter({ visible: true });
  if ((await button.count()) === 0) {
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/me`);
    button = page.getByTestId('sign-out').filter({ visible: true });
  }
  await expect(button).toHaveCount(1);
  await button.click();
  await page.waitForURL((url) => url.pathname === '/signin');
  await expect(page.getByTestId('sign-in')).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, name) });
}

/**
 * A fixture photo with pixels of its own for one student: the app opens a duplicate case when
 * the same photo (sha256 after re-encoding) appears on two students, and a duplicate cannot be
 * verified — so each e2e student needs a photo nobody else submitted. A 16×16 block in the corner
 * carries the sha256 of the student's account as colours (a brightness step alone had 20 values,
 * and two students of one run could draw the same).
 */
export async function photoFor(file: string, who: string): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const { default: sharp } = await import('sharp');
  const digest = createHash('sha256').update(`${file}:${who}`).digest();
  const block = Buffer.alloc(16 * 16 * 3);
  for (let i = 0; i < block.length; i++) block[i] = digest[i % digest.length]!;
  const buffer = await sharp(path.resolve('tests/fixtures', file))
    .composite([{ input: block, raw: { width: 16, height: 16, channels: 3 }, top: 0, left: 0 }])
    .jpeg({ quality: 90 })
    .toBuffer();
  return { name: file, mimeType: 'image/jpeg', buffer };
}

/** How many fresh students the e2e servers seed (scripts/e2e-server.ts sets E2E_STUDENT_POOL). */
export const STUDENT_POOL = 40;
const POOL_DIR = path.resolve('test-results', `student-pool-${BASE}`);

/**
 * A student nobody in this run has used: an account of the development provider's e2e pool, on
 * the roster with a registrar record that matches what `identity` says, not yet submitted. Taken
 * atomically (an exclusive file per account, cleared by global-setup.ts when the run starts), so a
 * retry or another spec always gets a new one.
 */
export async function freshStudent(opts: { department?: 'CS' | 'FL' } = {}): Promise<DemoAccount & { identity: NonNullable<DemoAccount['identity']> }> {
  mkdirSync(POOL_DIR, { recursive: true });
  for (const a of poolAccounts(STUDENT_POOL)) {
    if (opts.department && a.department !== opts.department) continue;
    try {
      writeFileSync(path.join(POOL_DIR, a.sub), String(process.pid), { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    return a as DemoAccount & { identity: NonNullable<DemoAccount['identity']> };
  }
  throw new Error(`the e2e student pool (${STUDENT_POOL}) is used up: raise STUDENT_POOL`);
}

/** Called by global-setup.ts: a new run starts with the whole pool free (the servers seed it afresh). */
export function resetStudentPool(): void {
  rmSync(POOL_DIR, { recursive: true, force: true });
}
