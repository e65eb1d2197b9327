import { expect, MAIN_APP, test } from './fixtures';

test.describe('PWA', () => {
  test('manifest lists the three icons and each is served as image/png', async ({ request }) => {
    const res = await request.get(`${MAIN_APP}/manifest.webmanifest`);
    expect(res.status()).toBe(200);
    const manifest = (await res.json()) as { name: string; lang: string; icons: { src: string; purpose?: string }[] };
    expect(manifest.name).toBe('校园身份核验 Campus ID Verify');
    expect(manifest.lang).toBe('zh-CN');
    expect(manifest.icons.map((i) => i.src)).toEqual(['/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-512.png']);
    expect(manifest.icons.find((i) => i.src.includes('maskable'))?.purpose).toBe('maskable');
    for (const icon of manifest.icons) {
      const r = await request.get(`${MAIN_APP}${icon.src}`);
      expect(r.status(), icon.src).toBe(200);
      expect(r.headers()['content-type']).toBe('image/png');
    }
  });

  test('service worker registers and the offline page is shown when the network is gone', async ({ page, context }) => {
    await page.goto(`${MAIN_APP}/signin`);
    const active = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => !!r.active));
    expect(active).toBe(true);
    // Wait until the offline page is precached (install finished before "ready").
    await page.reload();
    await context.setOffline(true);
    await page.goto(`${MAIN_APP}/signin`).catch(() => undefined);
    await expect(page.getByTestId('offline-title')).toHaveText('当前没有网络连接 · You are offline');
    await context.setOffline(false);
  });
});
