import type { Page } from '@playwright/test';
import { idChecksumChar } from '../../lib/identity/id-number';
import { expect, MAIN_APP, photoFor, screenshot, signIn, signOut, test } from './fixtures';

/**
 * Issue 13 item 2, the offline outbox: a student (stu-chen; no other spec signs in as them) fills
 * the identity form and takes both photos with no network, reloads while still offline (the
 * service worker shows the offline page, which reads the queue from IndexedDB), and goes online:
 * the photos and then the submission arrive, once. Sign-out leaves IndexedDB empty.
 */
const WHO = 'stu-chen';
const FIRST17 = '44010320050618035';
const ID = FIRST17 + idChecksumChar(FIRST17);

/** Every store of the app's IndexedDB database and how many rows each holds. */
async function deviceCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const req = indexedDB.open('campus-id-verify');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const names = [...db.objectStoreNames];
          if (!names.length) return (db.close(), resolve({}));
          const tx = db.transaction(names, 'readonly');
          const out: Record<string, number> = {};
          for (const n of names) {
            const c = tx.objectStore(n).count();
            c.onsuccess = () => (out[n] = c.result);
          }
          tx.oncomplete = () => (db.close(), resolve(out));
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

test.describe('offline outbox', () => {
  test('filled and photographed offline, reloaded offline, sent once when the network is back; sign-out empties IndexedDB', async ({
    page,
    context,
  }, testInfo) => {
    // One student, one submission: a second project would find it already submitted.
    test.skip(testInfo.project.name !== 'phone', 'students submit from phones; the phone project covers it');
    await signIn(page, WHO);
    await expect(page).toHaveURL(/\/home$/);
    await expect(page.getByTestId('identity-status')).toHaveAttribute('data-state', 'none');
    // The service worker controls the page (it serves the offline page later).
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    await page.getByTestId('identity-action').click();
    await expect(page).toHaveURL(/\/identity\/notice$/);
    await page.getByTestId('notice-accept').click();
    await expect(page.getByTestId('identity-form')).toBeVisible();

    await test.step('offline: fill the form, take both photos, submit — all kept on the phone', async () => {
      await context.setOffline(true);
      await page.locator('#legalName').fill('陈晨');
      await page.getByRole('radio', { name: '男' }).check();
      await page.locator('#birthDate').fill('2005-06-18');
      await page.locator('#ethnicity').selectOption('01');
      await page.locator('#idType').selectOption('cn_resident');
      await page.locator('#idNumber').fill(ID);
      await page.locator('#phone').fill('139 0000 1234');
      await page.locator('#email').fill('chenchen@stu.example.edu.cn');
      for (const [kind, file] of [
        ['id_front', 'id-front.jpg'],
        ['id_back', 'id-back.jpg'],
      ] as const) {
        await page.getByTestId(`photo-${kind}-camera`).setInputFiles(await photoFor(file, WHO));
        await expect(page.getByTestId(`photo-${kind}-status`)).toHaveText('已保存在本机，联网后上传');
      }
      await page.getByTestId('identity-submit').click();
      await expect(page.getByTestId('submit-queued')).toContainText('联网后会自动提交');
      const queue = page.getByTestId('outbox-item');
      await expect(queue).toHaveCount(3);
      await expect(queue.nth(2)).toHaveAttribute('data-kind', 'identity');
      await screenshot(page, 'phone-offline-queued.png');
    });

    await test.step('reload while offline: the offline page shows the queue and the last known status from this phone', async () => {
      await page.reload().catch(() => undefined);
      await expect(page.getByTestId('offline-title')).toBeVisible();
      await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'none');
      await expect(page.getByTestId('outbox-item')).toHaveCount(3);
      await expect(page.getByTestId('outbox-item').first()).toHaveAttribute('data-state', 'pending');
      await screenshot(page, 'phone-offline-page.png');
    });

    await test.step('back online: photos first, then the submission, and the queue empties', async () => {
      await context.setOffline(false);
      await expect(page.getByTestId('offline-sent')).toHaveText('您的身份信息已提交。', { timeout: 60_000 });
      await expect(page.getByTestId('outbox-empty')).toBeVisible();
    });

    await test.step('the server has exactly one version, with both photos, each uploaded once', async () => {
      await page.goto(`${MAIN_APP}/home`);
      await expect(page.getByTestId('identity-status')).toHaveAttribute('data-state', 'submitted');
      const res = await page.request.get(`${MAIN_APP}/me/copy`);
      expect(res.status()).toBe(200);
      const copy = (await res.json()) as { versions: { documents: { kind: string }[] }[]; documents: { kind: string }[] };
      expect(copy.versions).toHaveLength(1);
      expect(copy.versions[0]!.documents.map((d) => d.kind).sort()).toEqual(['id_back', 'id_front']);
      expect(copy.documents.map((d) => d.kind).sort()).toEqual(['id_back', 'id_front']);
    });

    await test.step('sign-out: nothing personal is left in IndexedDB', async () => {
      expect((await deviceCounts(page)).status).toBe(1);
      await signOut(page);
      expect(await deviceCounts(page)).toEqual({ drafts: 0, meta: 0, outbox: 0, status: 0 });
    });
  });
});
