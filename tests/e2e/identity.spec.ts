import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { idChecksumChar } from '../../lib/identity/id-number';
import { expect, freshStudent, screenshot, signIn, test } from './fixtures';

/**
 * A student with no record yet (stu-dilnur; the other specs use stu-zhang / stu-li) goes through
 * the whole first submission on a phone: privacy notice, form with a mistake and its localized
 * message, a fake image refused without losing the form, both ID photos through the file chooser,
 * a submission whose answer is lost and retried with the same idempotency key, and the status on
 * /home. Then the stored photos are checked for EXIF/GPS on disk.
 */
const FIXTURES = path.resolve('tests/fixtures');
const STORAGE = path.resolve('.data-e2e/main/storage/id-photo');

// 1990-03-07, female (even sequence digit), Dongcheng district, Beijing.
const FIRST17 = '11010119900307122';
const VALID_ID = FIRST17 + idChecksumChar(FIRST17);
const WRONG_ID = FIRST17 + '0123456789X'.split('').find((c) => c !== idChecksumChar(FIRST17));
// Typed the way people copy it from a card: grouped with spaces.
const WRONG_TYPED = `${WRONG_ID.slice(0, 6)} ${WRONG_ID.slice(6, 14)} ${WRONG_ID.slice(14)}`;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function storedFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(storedFiles(p));
    else if (!name.includes('.')) out.push(p); // data files; metadata and temp files have suffixes
  }
  return out;
}

test.describe('identity form', () => {
  test.skip(({ isMobile }) => !isMobile, 'students submit from phones; the phone project covers it');

  test.describe('before the page is interactive', () => {
    // The chunks must come from the network for the route below to hold them back, not from the
    // service worker's precache.
    test.use({ serviceWorkers: 'block' });

    test('the form takes no input until its script has run and the device draft is read, then the server draft shows whole', async ({ page }) => {
      const who = await freshStudent();
      await signIn(page, who.sub);
      await page.goto('/identity/notice');
      await page.getByTestId('notice-accept').click();
      await expect(page).toHaveURL(/\/identity$/);
      await expect(page.getByTestId('identity-form')).toHaveAttribute('data-ready', 'true');
      await page.locator('#legalName').fill('陈思远');
      await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'server', { timeout: 15_000 });

      // Reload with the page's scripts held back: what the server rendered is all there is.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let held = 0;
      // Scripts only: an inline script waits for the style sheets, so holding the CSS as well would
      // hold the parser itself.
      const scripts = (u: URL) => u.pathname.startsWith('/_next/static/') && u.pathname.endsWith('.js');
      await page.route(scripts, async (route) => {
        held++;
        await gate;
        await route.continue();
      });
      // Not 'domcontentloaded': the held-back deferred scripts delay that event too.
      await page.reload({ waitUntil: 'commit' });
      await expect(page.getByTestId('identity-form')).toBeVisible();
      await expect.poll(() => held).toBeGreaterThan(0);
      await expect(page.getByTestId('identity-form')).toHaveAttribute('aria-busy', 'true');
      // The server rendered the saved values (a phone without JavaScript posts them as they are);
      // where scripts run, an inline script put a shield over the fields until the page is ready —
      // typed text was once appended to what loaded.
      await expect(page.locator('#legalName')).toHaveValue('陈思远');
      await expect(page.getByTestId('form-gate')).toBeVisible();
      // A tap lands on the shield, not the field or the submit button.
      await page.locator('#legalName').click({ force: true });
      await expect(page.locator('#legalName')).not.toBeFocused();
      await page.keyboard.type('王');
      await expect(page.locator('#legalName')).toHaveValue('陈思远');
      await page.getByTestId('identity-submit').click({ force: true });
      await expect(page).toHaveURL(/\/identity$/);
      // Keys reach no field either, even one focused from the keyboard.
      await page.locator('#legalName').focus();
      await page.keyboard.type('王');
      await page.keyboard.press('Enter');
      await expect(page.locator('#legalName')).toHaveValue('陈思远');
      await expect(page).toHaveURL(/\/identity$/);

      release(); // the route now lets every chunk through
      await expect(page.getByTestId('identity-form')).toHaveAttribute('data-ready', 'true');
      await expect(page.getByTestId('form-gate')).toHaveCount(0);
      await expect(page.locator('#legalName')).toBeEnabled();
      await expect(page.locator('#legalName')).toHaveValue('陈思远');
      await page.locator('#legalName').fill('陈思远航');
      await expect(page.locator('#legalName')).toHaveValue('陈思远航');
    });
  });

  test('a first submission: notice, validation, photos, retry after a lost answer, status on /home', async ({ page }) => {
    await signIn(page, 'stu-dilnur');
    await expect(page).toHaveURL(/\/home$/);
    await expect(page.getByTestId('identity-status')).toHaveAttribute('data-state', 'none');
    await page.getByTestId('identity-action').click();

    await test.step('the privacy notice comes first and is acknowledged', async () => {
      await expect(page).toHaveURL(/\/identity\/notice$/);
      await expect(page.getByTestId('notice')).toContainText('个人信息处理告知');
      await expect(page.getByTestId('notice')).toContainText('档案管理规定');
      await screenshot(page, 'phone-identity-notice.png');
      await page.getByTestId('notice-accept').click();
      await expect(page).toHaveURL(/\/identity$/);
      await expect(page.getByTestId('identity-form')).toBeVisible();
      await expect(page.getByTestId('roster-number')).toHaveText('2025010002');
      await screenshot(page, 'phone-identity-empty.png');
    });

    await test.step('submitting the empty form marks the fields and focuses the first', async () => {
      await page.getByTestId('identity-submit').click();
      await expect(page.getByTestId('legalName-error')).toHaveText('请填写姓名。');
      await expect(page.locator('#legalName')).toBeFocused();
      await expect(page.locator('#legalName')).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByTestId('sex-error')).toBeVisible();
      await expect(page.getByTestId('photo-id_front-error')).toHaveText('请拍摄或上传这张照片。');
    });

    await test.step('a wrong check character gets its message on blur', async () => {
      await page.locator('#legalName').fill('迪丽努尔.艾买提');
      await page.getByRole('radio', { name: '女' }).check();
      await page.locator('#birthDate').fill('1990-03-07');
      await page.locator('#ethnicity').selectOption('05');
      await page.locator('#idType').selectOption('cn_resident');
      await page.locator('#idNumber').fill(WRONG_TYPED);
      await page.locator('#phone').fill('138 1234 5678');
      await page.locator('#email').fill('dilnur@stu.example.edu.cn');
      await page.locator('#idNumber').focus();
      await page.locator('#idNumber').blur();
      await expect(page.getByTestId('idNumber-error')).toContainText('校验不通过');
      await expect(page.locator('#idNumber')).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator('#idNumber')).toHaveAttribute('aria-describedby', /idNumber-error/);
      await expect(page.getByTestId('legalName-error')).toHaveCount(0);
      // saved as it will be stored; the ID number goes to the device and the server draft
      await expect(page.getByTestId('idNumber-hint')).toContainText(WRONG_ID);
      await expect(page.getByTestId('draft-status')).toHaveText('已保存', { timeout: 15_000 });
      await page.locator('#idNumber').scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-identity-error.png');
    });

    await test.step('a fake image is refused with a localized message and the form stays', async () => {
      await page.getByTestId('photo-id_front-album').setInputFiles(path.join(FIXTURES, 'fake.jpg'));
      await expect(page.getByTestId('photo-id_front-error')).toHaveText(/这不是照片文件/, { timeout: 20_000 });
      await expect(page.locator('#legalName')).toHaveValue('迪丽努尔.艾买提');
      await expect(page.locator('#idNumber')).toHaveValue(WRONG_TYPED);
      await expect(page.locator('#phone')).toHaveValue('138 1234 5678');
    });

    await test.step('correcting the number clears the message', async () => {
      await page.locator('#idNumber').fill(VALID_ID);
      await expect(page.getByTestId('idNumber-error')).toHaveCount(0);
    });

    await test.step('a reload restores what this device saved before the server draft caught up', async () => {
      await page.locator('#email').fill('dilnur.a@stu.example.edu.cn');
      await page.waitForTimeout(1200); // the device save (0.5 s) is done, the server save (3 s) is not
      await page.reload();
      await expect(page.getByTestId('draft-status')).toHaveText('已恢复您在本设备上次填写的内容');
      await expect(page.locator('#email')).toHaveValue('dilnur.a@stu.example.edu.cn');
      await expect(page.locator('#idNumber')).toHaveValue(VALID_ID);
      await expect(page.getByRole('radio', { name: '女' })).toBeChecked();
    });

    await test.step('both ID photos go through the file chooser, compressed, checked, shown', async () => {
      for (const [kind, file] of [
        ['id_front', 'id-front.jpg'],
        ['id_back', 'id-back.jpg'],
      ] as const) {
        const chooser = page.waitForEvent('filechooser');
        await page.getByTestId(`photo-${kind}`).getByText('拍照', { exact: true }).click();
        await (await chooser).setFiles(path.join(FIXTURES, file));
        await expect(page.getByTestId(`photo-${kind}-status`)).toHaveText('已上传', { timeout: 30_000 });
        await expect(page.getByTestId(`photo-${kind}`).locator('img')).toBeVisible();
        await expect(page.getByTestId(`photo-${kind}-error`)).toHaveCount(0);
      }
      await page.getByTestId('photo-id_front').scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-identity-photos.png');
    });

    await test.step('the answer to the first submit is lost; the retry with the same key succeeds', async () => {
      let dropped = false;
      const keys: string[] = [];
      await page.route('**/identity', async (route) => {
        const req = route.request();
        const body = req.postData() ?? '';
        const key = /"idempotencyKey":"([0-9a-f-]{36})"/.exec(body)?.[1];
        if (req.method() !== 'POST' || !key) return route.continue();
        keys.push(key);
        if (dropped) return route.continue();
        dropped = true;
        await route.fetch(); // the server receives and stores the submission…
        await route.abort('connectionreset'); // …and the phone never hears back
      });
      await page.getByTestId('identity-submit').click();
      await expect(page.getByTestId('submit-network')).toContainText('网络连接中断');
      await expect(page.locator('#legalName')).toHaveValue('迪丽努尔.艾买提');
      await page.getByTestId('submit-network').click();
      await expect(page).toHaveURL(/\/home$/, { timeout: 20_000 });
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      await page.unroute('**/identity');
    });

    await test.step('/home shows the submission on the timeline, the device draft is gone', async () => {
      await expect(page.getByTestId('identity-status')).toHaveAttribute('data-state', 'submitted');
      const step = page.locator('[data-step="submitted"]');
      await expect(step).toHaveAttribute('data-state', 'current');
      await expect(step).toContainText('已提交');
      await expect(page.getByTestId('identity-action')).toHaveText('查看');
      const drafts = await page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('campus-id-verify');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('drafts')) return resolve(0);
              const count = db.transaction('drafts').objectStore('drafts').count();
              count.onsuccess = () => resolve(count.result);
            };
          }),
      );
      expect(drafts).toBe(0);
      await screenshot(page, 'phone-home-timeline.png');
    });

    await test.step('the submitted view shows the masked number, not the number', async () => {
      await page.getByTestId('identity-action').click();
      await expect(page.getByTestId('submitted-view')).toContainText('迪丽努尔·艾买提');
      await expect(page.getByTestId('submitted-view')).not.toContainText(VALID_ID);
      await expect(page.getByTestId('submitted-view')).toContainText(VALID_ID.slice(-4));
    });

    await test.step('in English: the timeline and the notice', async () => {
      await page.goto('/home');
      await page.getByTestId('locale-switch').click();
      await expect(page.locator('[data-step="submitted"]')).toContainText('Submitted');
      await expect(page.getByTestId('identity-action')).toHaveText('View');
      await page.goto('/identity/notice');
      await expect(page.getByTestId('notice')).toContainText('How we handle your personal information');
      await expect(page.getByTestId('notice-accepted')).toBeVisible();
      await screenshot(page, 'phone-notice-en.png');
    });

    await test.step('the stored photos carry no EXIF/XMP and are not the originals', async () => {
      const originals = new Set(['id-front.jpg', 'id-back.jpg'].map((f) => sha(readFileSync(path.join(FIXTURES, f)))));
      const jpegs = storedFiles(STORAGE)
        .map((f) => readFileSync(f))
        .filter((b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff);
      expect(jpegs.length).toBeGreaterThanOrEqual(4); // two photos, each with a thumbnail
      for (const b of jpegs) {
        expect(originals.has(sha(b))).toBe(false);
        const meta = await sharp(b).metadata();
        expect(meta.exif).toBeUndefined();
        expect(meta.xmp).toBeUndefined();
      }
    });
  });
});
