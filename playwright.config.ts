import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: `npm run build` once, then `npm run test:e2e`.
 *
 * Two production servers are started (scripts/e2e-server.ts), each with a fresh embedded database:
 *   - main :3100, with the development OpenID provider on :3101 (what `npm start` does by default)
 *   - alt  :3200, configured only through AUTH_CAMPUS_* to use a different provider on :3201
 *   - cas  :3300, signing in only through a real CAS server on :3302 (AUTH_CAS_*)
 * Both listen on loopback only; the browser cannot resolve any other host.
 */
const CI = Boolean(process.env.CI);
// See scripts/e2e-server.ts: main = base, alt = base + 100.
const BASE = Number(process.env.E2E_PORT_BASE || 3100);

const WECHAT_ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/130.0.6723.103 Mobile Safari/537.36 XWEB/1300259 MMWEBSDK/20240404 MMWEBID/1234 ' +
  'MicroMessenger/8.0.50.2701(0x28003253) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

const server = (name: 'main' | 'alt' | 'cas', port: number) => ({
  command: `npx tsx --conditions=react-server scripts/e2e-server.ts ${name}`,
  url: `http://localhost:${port}/api/health`,
  reuseExistingServer: false,
  timeout: 180_000,
  stdout: 'pipe' as const,
  stderr: 'pipe' as const,
  // SIGTERM first so the launcher stops `next start` and closes its OpenID provider.
  gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
});

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1, // two cores, shared with two Next.js servers
  retries: CI ? 1 : 0,
  forbidOnly: CI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${BASE}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      ],
    },
  },
  projects: [
    {
      name: 'phone',
      use: {
        browserName: 'chromium',
        viewport: { width: 390, height: 844 },
        screen: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        userAgent: WECHAT_ANDROID_UA,
      },
    },
    {
      name: 'tablet',
      use: {
        browserName: 'chromium',
        viewport: { width: 1024, height: 768 },
        screen: { width: 1024, height: 768 },
        deviceScaleFactor: 1,
        isMobile: false,
        hasTouch: true,
      },
    },
  ],
  webServer: [server('main', BASE), server('alt', BASE + 100), server('cas', BASE + 200)],
});
