import { DEMO_ACCOUNTS } from '../../lib/dev-oidc/accounts';
import { expect, freshStudent, MAIN_APP, photoFor, screenshot, test } from './fixtures';

/**
 * Issue 13 item 3 with JavaScript switched off in the browser: a student signs in, reads home,
 * the identity status, the notice and the requests page, and confirms the semester task — every
 * step a plain form post or link, every page rendered on the server.
 *
 * stu-zhou is seeded verified in the School of Mathematical Sciences with a task in the seeded
 * campaign (lib/server/db/seed.ts) and no other spec signs in as stu-zhou. Another spec may have
 * opened a newer campaign for every student meanwhile (the servers share one database across
 * specs); the page shows the newest task, and this test confirms whichever task it shows.
 */
const PHONE_NO_JS = {
  baseURL: MAIN_APP,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  viewport: { width: 390, height: 844 },
  screen: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  javaScriptEnabled: false,
};

test('without JavaScript a student opens home, status, notice and requests, and confirms the semester task', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'a student on a phone; a confirmed task stays confirmed, so the journey runs once, in the phone project');
  test.setTimeout(3 * 60_000);
  const context = await browser.newContext(PHONE_NO_JS);
  const page = await context.newPage();
  try {
    await test.step('sign in: the app and the development provider are plain form posts', async () => {
      await page.goto('/signin');
      await page.getByTestId('sign-in').click();
      await page.waitForURL((u) => u.pathname.startsWith('/interaction/'));
      await page.locator('button[data-account="stu-zhou"]').click();
      await page.waitForURL((u) => u.origin === MAIN_APP && u.pathname === '/home');
    });

    await test.step('home shows the student, the verified status and the task card', async () => {
      await expect(page.getByTestId('student-name')).toContainText('周晓彤');
      await expect(page.getByTestId('student-department')).toHaveText('数学科学学院');
      await expect(page.getByTestId('identity-status')).toHaveAttribute('data-state', 'verified');
      await expect(page.getByTestId('confirm-card')).toBeVisible();
      await screenshot(page, 'no-js-home.png');
    });

    await test.step('the identity status page (a verified record) renders on the server', async () => {
      await page.goto('/identity');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('身份信息登记');
      await expect(page.getByText('周晓彤').first()).toBeVisible();
    });

    await test.step('the notice can be read and acknowledged with a form post', async () => {
      await page.goto('/identity/notice');
      await expect(page.getByTestId('notice')).toBeVisible();
      const accept = page.getByTestId('notice-accept');
      if ((await accept.count()) > 0) {
        await accept.click();
        await page.waitForURL(/\/identity$/);
        await page.goto('/identity/notice');
      }
      await expect(page.getByTestId('notice-accepted')).toBeVisible();
    });

    await test.step('the requests page renders (no open request)', async () => {
      await page.goto('/requests');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByTestId('requests')).toBeAttached();
    });

    await test.step('/confirm: each section opened by a form post, then "all correct" by a form post', async () => {
      await page.goto('/confirm');
      await expect(page.getByTestId('task-status')).toHaveText('待确认');
      const confirmAll = page.getByTestId('confirm-all');
      await expect(confirmAll).toBeDisabled();
      await expect(page.locator('#section-identity-body')).toBeHidden();
      for (const section of ['identity', 'document', 'contact']) {
        await page.getByTestId(`open-${section}`).click();
        await page.waitForURL(new RegExp(`/confirm\\?open=${section}`));
        await expect(page.getByTestId(`section-${section}`)).toHaveAttribute('data-seen', 'true');
        // The server renders the opened section expanded.
        await expect(page.locator(`#section-${section}-body`)).toBeVisible();
        if (section !== 'contact') await expect(confirmAll).toBeDisabled();
      }
      await page.getByTestId('open-identity').click();
      await expect(page.getByTestId('value-legalName')).toHaveText('周晓彤');
      await expect(page.getByTestId('value-idNumber')).not.toContainText(DEMO_ACCOUNTS.find((a) => a.sub === 'stu-zhou')!.identity!.idNumber);
      await expect(confirmAll).toBeEnabled();
      await screenshot(page, 'no-js-confirm.png');
      await confirmAll.click();
      await page.waitForURL((u) => u.pathname === '/confirm' && !u.search);
      await expect(page.getByTestId('confirmed')).toBeVisible();
      await expect(page.getByTestId('task-status')).toHaveText('已确认');
      await screenshot(page, 'no-js-confirm-done.png');
    });
  } finally {
    await context.close();
  }
});

test('without JavaScript a student submits the identity form with both ID photos as a plain form post', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'a student on a phone; one submission per fresh student, so it runs once, in the phone project');
  test.setTimeout(3 * 60_000);
  const who = await freshStudent();
  const context = await browser.newContext(PHONE_NO_JS);
  const page = await context.newPage();
  try {
    await page.goto('/signin');
    await page.getByTestId('sign-in').click();
    await page.waitForURL((u) => u.pathname.startsWith('/interaction/'));
    await page.locator(`button[data-account="${who.sub}"]`).click();
    await page.waitForURL((u) => u.origin === MAIN_APP && u.pathname === '/home');

    await test.step('the notice is acknowledged by a form post; the form renders enabled, with its file inputs', async () => {
      await page.goto('/identity/notice');
      await page.getByTestId('notice-accept').click();
      await page.waitForURL((u) => u.pathname === '/identity');
      await expect(page.locator('#legalName')).toBeEnabled();
      await expect(page.locator('input[type=file][name="photo:id_front"]')).toHaveCount(2); // camera and album
    });

    await test.step('a post with a mistake comes back with the fields named and what was typed kept', async () => {
      await page.locator('#legalName').fill(who.name);
      await page.getByTestId('identity-submit').click();
      await page.waitForURL((u) => u.pathname === '/identity' && u.searchParams.has('err'));
      await expect(page.getByTestId('form-post-error')).toContainText('请检查');
      await expect(page.getByTestId('form-post-error')).toContainText('性别');
      await expect(page.locator('#legalName')).toHaveValue(who.name);
    });

    await test.step('the whole form with both photos is submitted once and the status shows on /home', async () => {
      await page.getByRole('radio', { name: who.identity.sex === 'male' ? '男' : '女' }).check();
      await page.locator('#birthDate').fill(who.identity.birthDate);
      await page.locator('#ethnicity').selectOption(who.identity.ethnicity);
      await page.locator('#idType').selectOption('cn_resident');
      await page.locator('#idNumber').fill(who.identity.idNumber);
      await page.locator('#phone').fill('13812345678');
      await page.locator('#email').fill(who.email);
      await page.getByTestId('photo-id_front-album').setInputFiles(await photoFor('id-front.jpg', who.sub));
      await page.getByTestId('photo-id_back-album').setInputFiles(await photoFor('id-back.jpg', who.sub));
      // No preview without the script: the chosen file is said in words.
      await expect(page.getByTestId('photo-id_front-album-chosen')).toBeVisible();
      await expect(page.getByTestId('photo-id_front-camera-chosen')).toBeHidden();
      await screenshot(page, 'no-js-identity.png');
      await page.getByTestId('identity-submit').click();
      await page.waitForURL((u) => u.pathname === '/home');
      await expect(page.getByTestId('identity-status')).toHaveAttribute('data-state', 'submitted');
    });

    await test.step('the page now shows the submission with both photos on file', async () => {
      await page.goto('/identity');
      await expect(page.getByTestId('identity-form')).toHaveCount(0);
      await expect(page.locator('img[alt*="证件正面"]')).toHaveCount(1);
      await expect(page.locator('img[alt*="证件背面"]')).toHaveCount(1);
    });
  } finally {
    await context.close();
  }
});
