import type { Page } from '@playwright/test';
import { CAS_APP, CAS_SERVER, expect, screenshot, test } from './fixtures';
import { CAS_E2E_ACCOUNTS } from './cas-users';

/**
 * Campus SSO through CAS, in chromium at 390x844, against the `cas` app (scripts/e2e-server.ts),
 * which signs in only through a real CAS server (Debian's python3-django-cas-server).
 */
test.skip(({ isMobile }) => !isMobile, 'the CAS journey is a phone journey; run once, in the phone project');

const { password } = CAS_E2E_ACCOUNTS.zhangming;

async function casSignIn(page: Page): Promise<void> {
  await page.goto(`${CAS_APP}/signin`);
  await page.getByTestId('sign-in-cas').click();
  await page.waitForURL((u) => u.href.startsWith(`${CAS_SERVER}/login`));
  // The CAS server asks for the password: there is no CAS session yet.
  await page.locator('#id_username').fill('zhangming');
  await page.locator('#id_password').fill(password);
  await page.locator('#id_password').press('Enter');
  await page.waitForURL((u) => u.origin === CAS_APP && u.pathname === '/home');
}

test('a student signs in through CAS, lands on /home, and signing out ends the CAS session too', async ({ page }) => {
  await casSignIn(page);
  await expect(page.getByText('张明').first()).toBeVisible();
  await screenshot(page, 'cas-home-390.png');

  await page.goto(`${CAS_APP}/me`);
  await page.getByTestId('sign-out').filter({ visible: true }).click();
  // App sign-out → CAS /logout?service=… → back on the sign-in page.
  await page.waitForURL((u) => u.origin === CAS_APP && u.pathname === '/signin');
  await expect(page.getByTestId('sign-in-cas')).toBeVisible();

  // The CAS session is gone: signing in again asks for the password.
  await page.getByTestId('sign-in-cas').click();
  await page.waitForURL((u) => u.href.startsWith(`${CAS_SERVER}/login`));
  await expect(page.locator('#id_password')).toBeVisible();
});

test('signing out at the CAS server ends the app session (single logout)', async ({ page }) => {
  await casSignIn(page);
  // The student signs out elsewhere: the CAS server POSTs a logoutRequest to the app.
  await page.goto(`${CAS_SERVER}/logout`);
  await page.goto(`${CAS_APP}/home`);
  await page.waitForURL((u) => u.pathname === '/signin');
  await expect(page.getByTestId('sign-in-cas')).toBeVisible();
});

test('a forged ticket lands on the sign-in page with a clear message', async ({ page }) => {
  await page.goto(`${CAS_APP}/api/auth/cas/callback?ticket=ST-forged-0000000000`);
  await page.waitForURL((u) => u.pathname === '/signin');
  await expect(page.getByRole('alert').filter({ hasText: '统一身份认证的登录凭据无效' })).toBeVisible();
});
