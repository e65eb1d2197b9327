import { expect, screenshot, signIn, signOut, test } from './fixtures';

/**
 * Sign-in through the development OpenID provider, on a phone (students' device) and a tablet
 * (staff's device): every test here runs in both Playwright projects.
 */

test.describe('sign-in with the development provider', () => {
  test('a student sees their own name, student number and school on /home', async ({ page }, testInfo) => {
    await signIn(page, 'stu-zhang');
    await expect(page).toHaveURL(/\/home$/);
    await expect(page.getByTestId('student-name')).toContainText('张明');
    await expect(page.getByTestId('student-number')).toHaveText('2025010001');
    await expect(page.getByTestId('student-department')).toHaveText('计算机科学与技术学院');
    if (testInfo.project.name === 'phone') await screenshot(page, 'phone-home.png');
  });

  test('a reviewer lands in the staff workspace with their role', async ({ page }, testInfo) => {
    await signIn(page, 'rev-cs');
    await expect(page).toHaveURL(/\/staff$/);
    await expect(page.getByTestId('staff-welcome')).toContainText('王老师');
    await expect(page.getByTestId('staff-roles')).toContainText('审核员');
    await expect(page.getByTestId('staff-roles')).toContainText('计算机科学与技术学院');
    await expect(page.getByTestId('staff-user').filter({ visible: true })).toHaveText('王老师');
    if (testInfo.project.name === 'tablet') await screenshot(page, 'tablet-staff.png');
  });

  test('an account on no roster and with no role lands on /no-access with the explanation', async ({ page }) => {
    await signIn(page, 'visitor');
    await expect(page).toHaveURL(/\/no-access$/);
    await expect(page.getByTestId('no-access')).toHaveText('暂未开通访问权限');
    await expect(page.getByText('没有找到与您的账号对应的学生名册记录')).toBeVisible();
    await expect(page.getByText('访客')).toBeVisible();
  });

  test('signing out ends the session, and signing in again shows the account picker again', async ({ page }) => {
    await signIn(page, 'stu-zhang');
    await expect(page).toHaveURL(/\/home$/);
    await signOut(page);

    await page.goto('/home');
    await expect(page).toHaveURL(/\/signin$/);

    // The provider still has its own session; prompt=login makes it ask again, so another
    // demo account can be chosen (signIn waits for the picker before clicking).
    await signIn(page, 'rev-cs');
    await expect(page).toHaveURL(/\/staff$/);
    await expect(page.getByTestId('staff-welcome')).toContainText('王老师');

    await signOut(page);
    await page.goto('/staff');
    await expect(page).toHaveURL(/\/signin$/);
  });

  test('the language switch turns the sign-in page into English and is remembered', async ({ page }) => {
    await page.goto('/signin');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByTestId('sign-in')).toContainText('登录');
    await page.getByTestId('locale-switch').click();
    await expect(page.getByTestId('sign-in')).toContainText('Sign in with');
    await expect(page.getByTestId('locale-switch')).toHaveText('中文');

    await page.reload();
    await expect(page.getByTestId('sign-in')).toContainText('Sign in with');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    // and back
    await page.getByTestId('locale-switch').click();
    await expect(page.getByTestId('sign-in')).toContainText('登录');
  });

  for (const path of ['/home', '/staff', '/me', '/no-access', '/']) {
    test(`an unauthenticated visit to ${path} goes to /signin`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(/\/signin$/);
      await expect(page.getByTestId('sign-in')).toBeVisible();
    });
  }
});
