import { expect, signIn, test } from './fixtures';

/**
 * An administrator grants a role in the app, the person gets it on their next request, and a
 * revocation takes it away just as fast — no new sign-in needed either way.
 */
test('an admin grants and revokes a staff role; it takes effect on the next request', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'tablet', 'staff pages are tablet-first');
  const adminCtx = await browser.newContext();
  const staffCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  const chen = await staffCtx.newPage();

  await signIn(chen, 'rev-fl');
  await expect(chen.getByRole('link', { name: '审计日志' })).toHaveCount(0);

  await signIn(admin, 'admin');
  await admin.goto('/staff/admin/users');
  const row = admin.getByTestId('user-陈老师');
  await row.locator('select[name="role"]').selectOption('auditor');
  await row.getByRole('button', { name: '授予' }).click();
  await expect(admin.getByRole('status')).toHaveText('已授予角色。');
  await expect(admin.getByTestId('user-陈老师')).toContainText('审计员');

  await chen.reload();
  await chen.getByRole('link', { name: '审计日志' }).first().click();
  await expect(chen.getByTestId('audit-table')).toContainText('role.grant');

  await admin.getByTestId('user-陈老师').getByRole('button', { name: '撤销 审计员' }).click();
  await expect(admin.getByRole('status')).toHaveText('已撤销角色。');

  await chen.goto('/staff/audit');
  await expect(chen).toHaveURL(/\/staff$/);
  await expect(chen.getByRole('link', { name: '审计日志' })).toHaveCount(0);

  // A reviewer role needs a school: the form says so instead of failing.
  await admin.getByTestId('user-陈老师').locator('select[name="role"]').selectOption('reviewer');
  await admin.getByTestId('user-陈老师').getByRole('button', { name: '授予' }).click();
  await expect(admin.locator('p[role=alert]')).toHaveText('审核员需选择学院');

  await adminCtx.close();
  await staffCtx.close();
});
