import { ALT_APP, expect, signIn, test } from './fixtures';

/**
 * The app on :3200 is configured only through environment variables (scripts/e2e-server.ts alt) to
 * use another OpenID provider: its own client id and secret, claims named stuno /
 * eduPersonAffiliation / cn instead of student_number / affiliation / name, and the profile claims
 * inside the ID token instead of at userinfo. No code differs from the main app.
 */
test.describe('a differently configured campus identity provider', () => {
  test.skip(({ isMobile }) => !isMobile, 'the phone project is enough here');

  test('a student signs in there and sees their own record', async ({ page }) => {
    await page.goto(`${ALT_APP}/signin`);
    await expect(page.getByTestId('sign-in')).toContainText('Alt University IdP');

    await signIn(page, 'stu-li', { app: ALT_APP, pickerTitle: 'Alt University IdP' });
    expect(new URL(page.url()).origin).toBe(ALT_APP);
    await expect(page).toHaveURL(`${ALT_APP}/home`);
    await expect(page.getByTestId('student-name')).toContainText('李娜');
    await expect(page.getByTestId('student-number')).toHaveText('2024020002');
    await expect(page.getByTestId('student-department')).toHaveText('外国语学院');
  });
});
