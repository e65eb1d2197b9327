import type { Browser, Page } from '@playwright/test';
import { idChecksumChar } from '../../lib/identity/id-number';
import { expect, MAIN_APP, photoFor, screenshot, signIn, signOut, test } from './fixtures';

/**
 * Steps 2–3 across both devices: the registrar imports the enrolment record; a student's
 * submission whose name differs from it shows the mismatch on the review screen; the reviewer
 * returns the name with a reason; the student (phone) sees the reason, fixes the name and
 * resubmits; the reviewer verifies; the audit log shows each step.
 */
const ID = (() => {
  const f = '31010420070612134';
  return f + idChecksumChar(f);
})();
const STUDENT = { sub: 'stu-wang', number: '2025020003', typed: '王小雨', registrar: '王晓雨' };
const PHONE = {
  baseURL: MAIN_APP,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

async function onPhone<T>(browser: Browser, fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext(PHONE);
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

test('import, mismatch, return with a reason, fix on the phone, verify, audited', async ({ browser, page }, testInfo) => {
  test.skip(testInfo.project.name !== 'tablet', 'one run drives the tablet (staff) and a phone (student)');
  test.setTimeout(6 * 60_000);

  await test.step('the registrar imports the enrolment record', async () => {
    await signIn(page, 'registrar');
    await page.goto('/staff/imports');
    const csv = `学号,姓名,性别,出生日期,身份证号,民族,学院,专业,年级\r\n${STUDENT.number},${STUDENT.registrar},女,2007-06-12,${ID},汉族,FL,英语,2025\r\n`;
    await page.locator('input[type=file]').setInputFiles({ name: '外国语学院2025级学籍.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '上传并预览' }).click();
    await page.getByTestId('run-import').click();
    await expect(page.getByTestId('import-status')).toHaveText('已完成');
    await signOut(page);
  });

  await test.step('the student submits with the name written differently', async () => {
    await onPhone(browser, async (phone) => {
      await signIn(phone, STUDENT.sub);
      await phone.goto('/identity');
      if (phone.url().endsWith('/identity/notice')) await phone.getByTestId('notice-accept').click();
      await expect(phone).toHaveURL(/\/identity$/);
      await phone.locator('#legalName').fill(STUDENT.typed);
      await phone.getByRole('radio', { name: '女' }).check();
      await phone.locator('#birthDate').fill('2007-06-12');
      await phone.locator('#ethnicity').selectOption('01');
      await phone.locator('#idType').selectOption('cn_resident');
      await phone.locator('#idNumber').fill(ID);
      await phone.locator('#phone').fill('13812345609');
      await phone.locator('#email').fill('wangxiaoyu@stu.example.edu.cn');
      for (const [kind, file] of [
        ['id_front', 'id-front.jpg'],
        ['id_back', 'id-back.jpg'],
      ] as const) {
        await phone.getByTestId(`photo-${kind}-camera`).setInputFiles(await photoFor(file, 'stu-wang'));
        await expect(phone.getByTestId(`photo-${kind}-status`)).toHaveText('已上传', { timeout: 30_000 });
      }
      await phone.getByTestId('identity-submit').click();
      await expect(phone).toHaveURL(/\/home$/, { timeout: 20_000 });
    });
  });

  await test.step('the reviewer sees the mismatch and returns the name with a reason', async () => {
    await signIn(page, 'rev-fl');
    await page.goto('/staff/reviews');
    await page.getByTestId('queue-item').filter({ hasText: STUDENT.number }).first().click();
    await expect(page.getByTestId('review-student')).toBeVisible();
    await expect(page.getByTestId('registrar-legalName')).toHaveText(STUDENT.registrar);
    await expect(page.getByTestId('registrar-legalName')).toHaveAttribute('data-flag', /.+/);
    await screenshot(page, 'tablet-review-mismatch.png');
    await page.getByTestId('verdict-field:legalName').getByRole('button', { name: '✗' }).click();
    await page.getByTestId('return-field:legalName').locator('select').selectOption('name_differs_registrar');
    await page.getByTestId('return-field:legalName').locator('input').fill('请按学籍登记的姓名“王晓雨”填写');
    await page.getByRole('button', { name: '其余全部通过' }).click();
    await page.getByTestId('return').click();
    await expect(page).toHaveURL(/\/staff\/reviews(\?|$)/, { timeout: 20_000 });
    await signOut(page);
  });

  await test.step('the student sees the reason, fixes only the name and resubmits', async () => {
    await onPhone(browser, async (phone) => {
      await signIn(phone, STUDENT.sub);
      await phone.goto('/home');
      await expect(phone.getByTestId('returned-items')).toContainText('王晓雨');
      await screenshot(phone, 'phone-returned.png');
      await phone.goto('/identity');
      await expect(phone.getByTestId('idNumber-readonly')).toBeVisible();
      await phone.locator('#legalName').fill(STUDENT.registrar);
      await phone.getByTestId('identity-submit').click();
      await expect(phone).toHaveURL(/\/home$/, { timeout: 20_000 });
      await expect(phone.getByTestId('identity-status')).toHaveAttribute('data-state', 'submitted');
    });
  });

  await test.step('the reviewer verifies the corrected submission', async () => {
    await signIn(page, 'rev-fl');
    await page.goto('/staff/reviews');
    await page.getByTestId('queue-item').filter({ hasText: STUDENT.number }).first().click();
    await expect(page.getByTestId('registrar-legalName')).not.toHaveAttribute('data-flag', /.+/);
    await page.getByRole('button', { name: '其余全部通过' }).click();
    await page.getByTestId('verify').click();
    await expect(page).toHaveURL(/\/staff\/reviews(\?|$)/, { timeout: 20_000 });
    await signOut(page);
  });

  await test.step('the audit log shows each step', async () => {
    await signIn(page, 'auditor');
    await page.goto('/staff/audit');
    const table = page.getByTestId('audit-table');
    for (const action of ['import.run', 'identity.submit', 'review.return', 'identity.resubmit', 'review.verify', 'document.view']) {
      await expect(table, action).toContainText(action);
    }
  });
});
