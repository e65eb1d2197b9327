import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, freshStudent, MAIN_APP, photoFor, screenshot, SCREENS_DIR, signIn, signOut, test } from './fixtures';

/**
 * The semester confirmation end to end, on both devices in one run: students on a phone, staff on
 * a tablet. Confirmation needs a verified identity record, so two fresh students (nobody else in
 * the run used them: fixtures.ts freshStudent) first register through the identity form and their
 * school's reviewer verifies them through the review screen. Then the registrar opens a campaign
 * for everyone; the CS student opens every section and confirms; the FL student asks to correct
 * the name with an evidence photo, rev-fl approves it; the dashboard counts match and the export
 * is a CSV download.
 */
const FIXTURES = path.resolve('tests/fixtures');

// Same settings as the "phone" project in playwright.config.ts.
const PHONE = {
  baseURL: MAIN_APP,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  viewport: { width: 390, height: 844 },
  screen: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Version/4.0 Chrome/130.0.6723.103 Mobile Safari/537.36 XWEB/1300259 MMWEBSDK/20240404 MMWEBID/1234 ' +
    'MicroMessenger/8.0.50.2701(0x28003253) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
};

/** A fresh student of the e2e pool, as the registrar's record knows them: what they will type. */
async function student(department: 'CS' | 'FL', reviewer: string, phone: string) {
  const a = await freshStudent({ department });
  const id = a.identity;
  return {
    sub: a.sub,
    name: a.name,
    studentNumber: a.studentNumber!,
    reviewer,
    sex: id.sex === 'male' ? '男' : '女',
    birth: id.birthDate,
    id: id.idNumber,
    ethnicity: id.ethnicity,
    phone,
    email: a.email,
  };
}
type Student = Awaited<ReturnType<typeof student>>;

/** '2026-11-29T14:05' in Beijing time, as a datetime-local input takes it. */
const beijingInput = (d: Date) => new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 16);

async function phonePage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(PHONE);
  return { context, page: await context.newPage() };
}

/** The student, never signed in before, registers through the identity form. */
async function register(browser: Browser, s: Student): Promise<void> {
  const { context, page } = await phonePage(browser);
  try {
    await signIn(page, s.sub);
    await page.goto('/home');
    await expect(page.getByTestId('identity-status')).toHaveAttribute('data-state', 'none');
    await page.goto('/identity');
    // A first visit reads and accepts the notice first.
    await expect(page).toHaveURL(/\/identity\/notice$/);
    await page.getByTestId('notice-accept').click();
    await expect(page).toHaveURL(/\/identity$/);
    await page.locator('#legalName').fill(s.name);
    await page.getByRole('radio', { name: s.sex }).check();
    await page.locator('#birthDate').fill(s.birth);
    await page.locator('#ethnicity').selectOption(s.ethnicity);
    await page.locator('#idType').selectOption('cn_resident');
    await page.locator('#idNumber').fill(s.id);
    await page.locator('#phone').fill(s.phone);
    await page.locator('#email').fill(s.email);
    for (const [kind, file] of [
      ['id_front', 'id-front.jpg'],
      ['id_back', 'id-back.jpg'],
    ] as const) {
      await page.getByTestId(`photo-${kind}-camera`).setInputFiles(await photoFor(file, s.email));
      await expect(page.getByTestId(`photo-${kind}-status`)).toHaveText('已上传', { timeout: 30_000 });
    }
    await page.getByTestId('identity-submit').click();
    await expect(page).toHaveURL(/\/home$/, { timeout: 20_000 });
    await expect(page.getByTestId('identity-status')).toHaveAttribute('data-state', /submitted|in_review/);
  } finally {
    await context.close();
  }
}

/** The school's reviewer verifies the submission on the review screen (tablet). */
async function verify(page: Page, s: Student): Promise<void> {
  await signIn(page, s.reviewer);
  await page.goto('/staff/reviews');
  const item = page.getByTestId('queue-item').filter({ hasText: s.name });
  await expect(item).toHaveCount(1);
  await item.click();
  await expect(page.getByTestId('review-student')).toHaveText(s.name);
  await page.getByRole('button', { name: '其余全部通过' }).click();
  await page.getByTestId('verify').click();
  await expect(page).toHaveURL(/\/staff\/reviews(\?|$)/, { timeout: 20_000 });
  await signOut(page);
}

test.describe('semester confirmation', () => {
  test.skip(({ isMobile }) => isMobile, 'one run drives a phone (students) and the tablet (staff) together');

  test('open a campaign, confirm on a phone, correct with evidence, approve, counts on the dashboard', async ({ browser, page }) => {
    test.setTimeout(10 * 60_000);
    let campaignUrl = '';
    const STUDENTS = { zhang: await student('CS', 'rev-cs', '13812345601'), li: await student('FL', 'rev-fl', '13812345602') };
    const corrected = `${STUDENTS.li.name}娜`;

    await test.step('two fresh students register; their reviewers verify them', async () => {
      for (const s of [STUDENTS.zhang, STUDENTS.li]) await register(browser, s);
      for (const s of [STUDENTS.zhang, STUDENTS.li]) await verify(page, s);
    });

    await test.step('the registrar creates and opens a campaign for all students', async () => {
      await signIn(page, 'registrar');
      await page.goto('/staff/campaigns');
      await page.getByTestId('campaign-new').click();
      await expect(page.getByTestId('campaign-form')).toBeVisible();
      const now = Date.now();
      await page.locator('input[name="name"]').fill('2026–2027 学年第二学期信息确认');
      await page.locator('input[name="semester"]').fill('2026–2027 学年第二学期');
      await page.locator('input[name="opensAt"]').fill(beijingInput(new Date(now - 3600e3)));
      // Just under three days: the countdown reads "还剩 3 天".
      await page.locator('input[name="closesAt"]').fill(beijingInput(new Date(now + 3 * 86400e3 - 3600e3)));
      await page.getByTestId('campaign-create').click();
      await expect(page).toHaveURL(/\/staff\/campaigns\/[0-9a-f-]{36}\?ok=/);
      await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'draft');
      campaignUrl = new URL(page.url()).pathname;
      await page.getByTestId('campaign-open').click();
      await expect(page.getByTestId('flash-ok')).toContainText(/已为 \d+ 名学生生成确认任务/);
      await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'open');
      await signOut(page);
    });

    await test.step('the CS student (phone) sees the task on /home, must open every section, then confirms', async () => {
      const { context, page: phone } = await phonePage(browser);
      await signIn(phone, STUDENTS.zhang.sub);
      await phone.goto('/home');
      await expect(phone.getByTestId('confirm-card-remaining')).toHaveText('还剩 3 天');
      await phone.getByTestId('confirm-card').scrollIntoViewIfNeeded();
      await screenshot(phone, 'phone-home-card.png');
      await phone.getByTestId('confirm-card-action').click();
      await expect(phone).toHaveURL(/\/confirm$/);
      await expect(phone.getByTestId('remaining')).toHaveText('还剩 3 天');
      const confirmAll = phone.getByTestId('confirm-all');
      await expect(confirmAll).toBeDisabled();
      const hint = phone.getByTestId('sections-hint');
      await expect(hint).toHaveAttribute('role', 'status');
      await expect(hint).toContainText('0/3');
      for (const [i, section] of ['identity', 'document', 'contact'].entries()) {
        await phone.getByTestId(`open-${section}`).click();
        await expect(phone.getByTestId(`section-${section}`)).toHaveAttribute('data-seen', 'true');
        // The status line follows each opening, and says what to do once all are seen.
        if (section !== 'contact') {
          await expect(confirmAll).toBeDisabled();
          await expect(hint).toContainText(`${i + 1}/3`);
        }
      }
      await expect(hint).toHaveAttribute('data-all-seen', 'true');
      await expect(hint).toContainText('每一部分都已查看');
      await expect(phone.getByTestId('value-legalName')).toHaveText(STUDENTS.zhang.name);
      await expect(phone.getByTestId('value-idNumber')).not.toContainText(STUDENTS.zhang.id);
      await expect(confirmAll).toBeEnabled();
      await screenshot(phone, 'phone-confirm.png');
      await confirmAll.click();
      await expect(phone.getByTestId('confirmed')).toBeVisible();
      await expect(phone.getByTestId('task-status')).toHaveText('已确认');
      await screenshot(phone, 'phone-confirm-done.png');
      await context.close();
    });

    await test.step('an admin locks the date of birth, with whom to contact', async () => {
      await signIn(page, 'admin');
      await page.goto('/staff/settings/fields');
      const row = page.getByTestId('policy-birthDate');
      // Identity fields cannot be made self-service; roster fields cannot be unlocked.
      await expect(page.getByTestId('policy-legalName').locator('option[value="self_service"]')).toHaveCount(0);
      await expect(page.getByTestId('policy-studentNumber').locator('select')).toBeDisabled();
      await row.locator('select[name="tier"]').selectOption('locked');
      await row.locator('textarea[name="contactZh"]').fill('出生日期更正请携带户口本到学籍管理科办理。');
      await page.getByTestId('save-birthDate').click();
      await expect(page.getByTestId('flash-ok')).toHaveText('已保存。');
      await expect(page.getByTestId('policy-birthDate').locator('select[name="tier"]')).toHaveValue('locked');
      await signOut(page);
    });

    await test.step('the FL student (phone) asks to correct the name, with an evidence photo', async () => {
      const { context, page: phone } = await phonePage(browser);
      await signIn(phone, STUDENTS.li.sub);
      await phone.goto('/confirm');
      await phone.getByTestId('something-wrong').click();
      const form = phone.getByTestId('correction-form');
      await expect(form).toBeVisible();
      // self-service, approval and locked groups
      await expect(phone.getByTestId('fix-phone')).toBeEditable();
      await expect(phone.getByTestId('orig-legalName')).toHaveText(STUDENTS.li.name);
      await expect(phone.getByTestId('locked-studentNumber')).toContainText('学籍管理科');
      await expect(phone.getByTestId('locked-birthDate')).toContainText('出生日期更正请携带户口本到学籍管理科办理。');
      await expect(phone.getByTestId('fix-birthDate')).toHaveCount(0);
      await phone.getByTestId('fix-legalName').fill(corrected);
      await phone.getByTestId('correction-submit').click();
      await expect(phone.getByTestId('correction-error')).toBeVisible(); // reason and evidence are missing
      await phone.getByTestId('fix-reason').fill('户口本已更名，附户口本本人页照片');
      await phone.getByTestId('evidence-camera').setInputFiles(path.join(FIXTURES, 'id-front.jpg'));
      await expect(phone.getByTestId('evidence-status')).toHaveText('已上传 1 张', { timeout: 30_000 });
      await expect(phone.getByTestId('evidence-photos').locator('img')).toBeVisible();
      await phone.getByTestId('approval-legalName').scrollIntoViewIfNeeded();
      await screenshot(phone, 'phone-correction.png');
      await phone.getByTestId('correction-submit').click();
      await expect(phone.getByTestId('confirm-notice')).toContainText('更正申请已提交');
      await expect(phone.getByTestId('task-status')).toHaveText('更正审核中');
      await expect(phone.getByTestId('pending-correction').getByTestId('to-legalName')).toHaveText(corrected);
      await context.close();
    });

    await test.step('rev-fl (tablet) sees the diff and the evidence, and approves', async () => {
      await signIn(page, 'rev-fl');
      await page.goto('/staff/corrections');
      await page.getByTestId('correction-item').filter({ hasText: STUDENTS.li.name }).first().click();
      const detail = page.getByTestId('correction-detail');
      await expect(detail.getByTestId('from-legalName')).toHaveText(STUDENTS.li.name);
      await expect(detail.getByTestId('to-legalName')).toHaveText(corrected);
      await expect(detail.getByTestId('evidence').locator('img')).toBeVisible();
      await screenshot(page, 'tablet-correction.png');
      await page.getByTestId('approve').click();
      await expect(page.getByTestId('flash-ok')).toContainText('已通过该更正');
      // A reviewer sees the dashboard of their school only, read-only apart from reminders.
      await page.goto(campaignUrl);
      await expect(page.getByTestId('campaign-readonly')).toBeVisible();
      await expect(page.getByTestId('campaign-actions')).toHaveCount(0);
      await expect(page.getByTestId('dashboard').locator('section')).toHaveCount(1);
      await expect(page.getByTestId('dashboard').locator('section')).toHaveAttribute('data-department', '外国语学院');
      await signOut(page);
    });

    await test.step('the FL student is told the outcome; the task is done', async () => {
      const { context, page: phone } = await phonePage(browser);
      await signIn(phone, STUDENTS.li.sub);
      await phone.goto('/confirm');
      await expect(phone.getByTestId('correction-outcome')).toHaveAttribute('data-outcome', 'approve');
      await expect(phone.getByTestId('task-status')).toHaveText('已确认');
      await context.close();
    });

    await test.step('the registrar’s dashboard: 2 confirmed (1 directly, 1 through a correction), the rest not started', async () => {
      await signIn(page, 'registrar');
      await page.goto(campaignUrl);
      const total = Number((await page.getByTestId('total-headline').innerText()).split('/')[1]!.trim());
      expect(total).toBeGreaterThan(2);
      await expect(page.getByTestId('total-headline')).toHaveText(`2 / ${total}`);
      await expect(page.getByTestId('total-correctionPending').locator('dd')).toHaveText('0');
      await expect(page.getByTestId('total-inProgress').locator('dd')).toHaveText('0');
      // Tasks of students not verified yet are counted apart (they must finish verification first).
      const awaiting = Number(await page.getByTestId('total-awaitingVerification').locator('dd').innerText());
      await expect(page.getByTestId('total-notStarted').locator('dd')).toHaveText(String(total - 2 - awaiting));
      await expect(page.getByTestId('total-overdue').locator('dd')).toHaveText('0');
      for (const dept of ['计算机科学与技术学院', '外国语学院']) {
        const section = page.locator(`[data-department="${dept}"]`);
        const confirmed = await section.locator('tbody tr:not([data-testid^="sum-"]) td[data-col="confirmed"]').allInnerTexts();
        expect(confirmed.reduce((n, v) => n + Number(v), 0)).toBe(1);
      }
      await expect(page.getByTestId('chart')).toContainText(`已确认 2 / ${total}`);
      await screenshot(page, 'tablet-dashboard.png');
      await page.screenshot({ path: path.join(SCREENS_DIR, 'tablet-dashboard-full.png'), fullPage: true });

      const csv = await page.request.get(`${campaignUrl}/export`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toContain('text/csv');
      expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="unfinished-/);
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines).toHaveLength(total - 2 + 1);
      expect(lines.some((l) => l.includes(STUDENTS.zhang.studentNumber) || l.includes(STUDENTS.li.studentNumber))).toBe(false);

      await page.locator('[data-department="计算机科学与技术学院"]').getByTestId('remind').click();
      await expect(page.getByTestId('flash-ok')).toContainText(/已提醒 \d+ 名未完成的学生/);
    });

    await test.step('closing makes the campaign read-only; unfinished students become overdue', async () => {
      await page.locator('summary', { hasText: '结束活动' }).click();
      await page.getByTestId('campaign-close').click();
      await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'closed');
      await expect(page.getByTestId('campaign-readonly')).toBeVisible();
      await expect(page.getByTestId('remind')).toHaveCount(0);
      const total = Number((await page.getByTestId('total-headline').innerText()).split('/')[1]!.trim());
      await expect(page.getByTestId('total-overdue').locator('dd')).toHaveText(String(total - 2));
      await signOut(page);
    });
  });
});
