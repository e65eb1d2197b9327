/**
 * App servers for the Playwright end-to-end tests (see playwright.config.ts), started with
 * `tsx --conditions=react-server scripts/e2e-server.ts main|alt`:
 *
 *   main  the app on :3100 with the built-in development OpenID provider on :3101, exactly as
 *         `npm start` runs it with nothing configured.
 *   cas   the app on :3300 signing in only through CAS (AUTH_CAS_* variables) at a real CAS
 *         server (Debian's python3-django-cas-server, tests/cas-server) on :3302.
 *   alt   the app on :3200 pointed, through AUTH_CAMPUS_* variables only, at a differently
 *         configured OpenID provider on :3201 ("Alt University IdP": another client id and secret,
 *         other claim names, profile claims inside the ID token). This proves a campus IdP can be
 *         plugged in without a code change.
 *   audit the app on :3400 with its development OpenID provider on :3401, like main, for
 *         `npm run audit:a11y` and `npm run audit:lighthouse` (a database of its own, so an audit
 *         and the e2e suite can run side by side).
 *
 * Each run starts from an empty data directory under .data-e2e/ (git-ignored by `.data-*`), binds
 * loopback only and needs a production build (`npm run build`).
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const which = process.argv[2];
if (which !== 'main' && which !== 'alt' && which !== 'cas' && which !== 'audit') {
  console.error('usage: tsx --conditions=react-server scripts/e2e-server.ts main|alt|cas|audit');
  process.exit(2);
}

if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('\n[e2e] No production build found (.next/BUILD_ID is missing): run npm run build first.\n');
  process.exit(1);
}

// E2E_PORT_BASE (default 3100) lets several checkouts run the suite side by side:
// main app = base, its OpenID provider = base + 1, alt app = base + 100, alt provider = base + 101,
// cas app = base + 200, its CAS server = base + 202, audit app = base + 300, its provider = base + 301.
const BASE = Number(process.env.E2E_PORT_BASE || 3100);
const ALT = {
  appPort: BASE + 100,
  oidcPort: BASE + 101,
  clientId: 'alt-client',
  clientSecret: 'alt-client-secret-for-e2e-only-0123456789',
  title: 'Alt University IdP',
  claimNames: { studentNumber: 'stuno', affiliation: 'eduPersonAffiliation', name: 'cn' },
} as const;

const appPort = which === 'main' ? BASE : which === 'alt' ? ALT.appPort : which === 'cas' ? BASE + 200 : BASE + 300;
const appUrl = `http://localhost:${appPort}`;
// E2E_DATA_DIR: another root, so npm run audit:headers can run beside the e2e suite; audits may
// run side by side on different bases (a11y and Lighthouse): one directory per port.
const dataDir = path.join(root, process.env.E2E_DATA_DIR || '.data-e2e', which === 'audit' ? `audit-${appPort}` : which);

// A fresh database and fresh generated secrets on every run.
rmSync(dataDir, { recursive: true, force: true });

// Empty means "unset" to lib/server/env.ts, and Next.js does not let a .env file override a
// variable that is already present, so a developer's .env cannot leak into the test servers.
for (const name of [
  'DATABASE_URL',
  'SUPABASE_URL',
  'SUPABASE_SERVICE_ROLE_KEY',
  'AUTH_CAMPUS_ISSUER',
  'AUTH_CAMPUS_ID',
  'AUTH_CAMPUS_SECRET',
  'AUTH_CAMPUS_CLAIM_STUDENT_NUMBER',
  'AUTH_CAMPUS_CLAIM_AFFILIATION',
  'AUTH_CAMPUS_CLAIM_NAME',
  'AUTH_CAMPUS_NAME',
  'AUTH_CAMPUS_SCOPE',
  'AUTH_SECRET',
  'AUTH_CAS_URL',
  'AUTH_CAS_NAME',
  'AUTH_CAS_VERSION',
  'AUTH_CAS_ATTR_STUDENT_NUMBER',
  'AUTH_CAS_ATTR_NAME',
  'AUTH_CAS_ATTR_AFFILIATION',
  'AUTH_CAS_ATTR_EMAIL',
]) {
  process.env[name] = '';
}
Object.assign(process.env, {
  DATA_DIR: path.relative(root, dataDir),
  PORT: String(appPort),
  AUTH_URL: appUrl,
  DEV_OIDC_PORT: String(which === 'audit' ? BASE + 301 : BASE + 1),
  NEXT_TELEMETRY_DISABLED: '1',
  // Fresh students for tests that need one nobody else used (tests/e2e/fixtures.ts freshStudent).
  E2E_STUDENT_POOL: '40',
});

process.env.HOST = '127.0.0.1';

const cleanups: (() => Promise<void>)[] = [];

if (which === 'alt') {
  const { startDevOidc } = await import('../lib/dev-oidc/provider');
  const oidc = await startDevOidc({
    port: ALT.oidcPort,
    host: 'localhost',
    clientId: ALT.clientId,
    clientSecret: ALT.clientSecret,
    redirectUris: [`${appUrl}/api/auth/callback/campus`],
    claimNames: ALT.claimNames,
    conformIdTokenClaims: false,
    // userinfo answers with the subject only: the app must take the claims from the ID token.
    userinfoClaims: false,
    title: ALT.title,
  });
  cleanups.push(() => oidc.close());
  console.log(`[e2e] ${ALT.title}: ${oidc.issuer} (client ${ALT.clientId}; claims ${Object.values(ALT.claimNames).join(', ')} in the ID token)`);
  Object.assign(process.env, {
    AUTH_CAMPUS_ISSUER: oidc.issuer,
    AUTH_CAMPUS_ID: ALT.clientId,
    AUTH_CAMPUS_SECRET: ALT.clientSecret,
    AUTH_CAMPUS_NAME: ALT.title,
    AUTH_CAMPUS_CLAIM_STUDENT_NUMBER: ALT.claimNames.studentNumber,
    AUTH_CAMPUS_CLAIM_AFFILIATION: ALT.claimNames.affiliation,
    AUTH_CAMPUS_CLAIM_NAME: ALT.claimNames.name,
  });
}

if (which === 'cas') {
  const { startCasServer } = await import('../tests/helpers/cas-server');
  const { CAS_E2E_ACCOUNTS } = await import('../tests/e2e/cas-users');
  const cas = await startCasServer({ port: BASE + 202, accounts: CAS_E2E_ACCOUNTS, servicePattern: `^${appUrl.replace(/[.]/g, '\\.')}/.*$` });
  cleanups.push(() => cas.stop());
  console.log(`[e2e] CAS server: ${cas.url}`);
  Object.assign(process.env, { AUTH_CAS_URL: cas.url, AUTH_CAS_NAME: '统一身份认证 (CAS)', AUTH_CAS_ATTR_STUDENT_NUMBER: 'xh' });
}

// The launcher exits the process when `next start` exits (closing its own provider, if any); close
// ours too. server.close() stops listening synchronously, so this works from the 'exit' event.
process.on('exit', () => {
  for (const c of cleanups) void c();
});

const { launch } = await import('./launch');
console.log(`[e2e] ${which}: ${appUrl}, data in ${path.relative(root, dataDir)}`);
await launch('start');
