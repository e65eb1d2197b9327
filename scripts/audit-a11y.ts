/**
 * `npm run audit:a11y`: axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) on every page of the built app,
 * in Debian's chromium — students (and counsellors) at 390x844, staff at 1024x768, each in zh-CN
 * and English. Pages are found by following the links each account sees, one page per route
 * pattern (a uuid in the path counts as one route), so a new page is audited without a list to
 * keep. Prints the violations per page; exits 1 on any. Needs `npm run build` first.
 *
 * AUDIT_SCREENSHOTS=<dir> also saves a screenshot of every audited page there, to look at.
 *
 * The last line is one JSON object: { pages, violations, byRule, smallTapTargets }.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { APP, launchChromium, newContext, PHONE, signIn, startApp, TABLET } from './audit/server';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LOCALES = ['zh-CN', 'en'] as const;

interface Who {
  /** a demo account of lib/dev-oidc/accounts.ts, or null: signed out */
  sub: string | null;
  device: typeof PHONE | typeof TABLET;
  start: string[];
  /** runs once, signed in, before the crawl (e.g. accept the notice so the form can be seen) */
  prepare?: (page: Page) => Promise<void>;
}

const WHO: Who[] = [
  { sub: null, device: PHONE, start: ['/signin', '/offline', '/no-such-page'] },
  { sub: null, device: TABLET, start: ['/signin', '/no-such-page'] },
  // Verified, with a task in the seeded campaign: /confirm shows the sections.
  { sub: 'stu-zhou', device: PHONE, start: ['/home', '/confirm', '/identity', '/identity/notice', '/requests', '/me', '/questionnaires'] },
  // Not submitted yet: after the notice, /identity shows the form itself.
  {
    sub: 'stu-zhang',
    device: PHONE,
    start: ['/home', '/identity', '/confirm'],
    prepare: async (page) => {
      await page.goto(`${APP}/identity`);
      if (page.url().endsWith('/identity/notice')) {
        await page.getByTestId('notice-accept').click();
        await page.waitForURL(/\/identity$/);
      }
    },
  },
  { sub: 'counsellor-cs', device: PHONE, start: ['/counsellor'] },
  { sub: 'visitor', device: PHONE, start: ['/no-access'] },
  { sub: 'registrar', device: TABLET, start: ['/staff/reviews?state=verified', '/staff'] },
  { sub: 'rev-cs', device: TABLET, start: ['/staff/reviews?state=verified', '/staff'] },
  { sub: 'admin', device: TABLET, start: ['/staff'] },
  { sub: 'auditor', device: TABLET, start: ['/staff'] },
  { sub: 'office-finance', device: TABLET, start: ['/office'] },
];

/** Downloads, redirects and API routes are not pages. */
const NOT_A_PAGE = /^\/(api|serwist|icons)\/|\/(export|print|dossier|errors|copy|upload)(\/|$)|^\/signin|^\/$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const routeOf = (path: string) => path.replace(UUID, ':id');
const MAX_PAGES = 40;
let smallTargets = 0;
const SHOTS = process.env.AUDIT_SCREENSHOTS;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

interface Finding {
  page: string;
  who: string;
  locale: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

async function auditOne(page: Page, path: string): Promise<Finding[] | null> {
  const res = await page.goto(`${APP}${path}`, { waitUntil: 'load' });
  // A page that sent us elsewhere (role router, a redirect) is audited under its own address.
  if (new URL(page.url()).pathname !== path.split('?')[0]) return null;
  if (res && res.status() >= 500) throw new Error(`${path}: HTTP ${res.status()}`);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return r.violations.map((v) => ({
    page: path,
    who: '',
    locale: '',
    rule: v.id,
    impact: v.impact ?? '',
    help: v.help,
    targets: v.nodes
      .slice(0, 5)
      .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1, 2).join(' ').trim()}` : ''}`),
  }));
}

async function crawl(browser: Browser, who: Who, locale: (typeof LOCALES)[number], seen: Set<string>): Promise<{ pages: string[]; findings: Finding[] }> {
  const context = await newContext(browser, who.device, locale);
  const page = await context.newPage();
  const label = `${who.sub ?? 'signed out'} @${who.device.viewport.width}x${who.device.viewport.height}`;
  const findings: Finding[] = [];
  const pages: string[] = [];
  try {
    if (who.sub) await signIn(page, who.sub);
    if (who.prepare) await who.prepare(page);
    const queue = [...who.start];
    const routes = new Set<string>();
    while (queue.length && pages.length < MAX_PAGES) {
      const path = queue.shift()!;
      // A start address keeps its query (a queue filtered to verified records has items to open).
      const route = routeOf(path);
      if (routes.has(route)) continue;
      routes.add(route);
      const found = await auditOne(page, path);
      if (!found) continue;
      const key = `${label} ${locale} ${route}`;
      if (seen.has(key)) continue;
      seen.add(key);
      pages.push(path);
      if (SHOTS) {
        const file = `${locale}-${who.device.viewport.width}-${who.sub ?? 'anon'}${route.replace(/[^\w-]+/g, '_')}.png`;
        await page.screenshot({ path: join(SHOTS, file) });
      }
      for (const f of found) findings.push({ ...f, who: label, locale });
      // The house rule for phones is stricter than WCAG's 24 px: 44 px tall tap targets
      // (reported, not failed: links inside running text are exempt and counted here too).
      if (who.device === PHONE) {
        const small = await page.$$eval('a[href], button, input:not([type=hidden]), select, textarea, summary', (els) =>
          els
            .filter((e) => {
              const r = e.getBoundingClientRect();
              const inText = e.tagName === 'A' && getComputedStyle(e).display === 'inline';
              return (
                // visually hidden inputs (the label is the target) are 1 px
                r.width > 1 &&
                r.height > 1 &&
                r.height < 44 &&
                !inText &&
                (e as HTMLInputElement).type !== 'radio' &&
                (e as HTMLInputElement).type !== 'checkbox'
              );
            })
            .map(
              (e) =>
                `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `[data-testid=${e.getAttribute('data-testid')}]` : ''} ${Math.round(e.getBoundingClientRect().height)}px "${(e.textContent ?? '').trim().slice(0, 30)}"`,
            ),
        );
        smallTargets += small.length;
        if (small.length) console.log(`    (info) ${small.length} tap targets under 44 px: ${small.slice(0, 6).join('; ')}`);
      }
      console.log(`${found.length ? '✗' : '✓'} ${locale.padEnd(5)} ${label.padEnd(28)} ${path}${found.length ? `  (${found.length} rules)` : ''}`);
      for (const f of found) console.log(`    [${f.impact}] ${f.rule}: ${f.help}\n      ${f.targets.join('\n      ')}`);
      if (!who.sub) continue;
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const h of hrefs) {
        const u = new URL(h);
        // Paging and filter links lead to the same route: the path alone identifies a page.
        if (u.origin !== APP || NOT_A_PAGE.test(u.pathname)) continue;
        if (!routes.has(routeOf(u.pathname))) queue.push(u.pathname);
      }
    }
  } finally {
    await context.close();
  }
  return { pages, findings };
}

const server = await startApp();
let browser: Browser | undefined;
let exitCode = 0;
try {
  browser = await launchChromium();
  const seen = new Set<string>();
  const all: Finding[] = [];
  let pageCount = 0;
  for (const locale of LOCALES) {
    for (const who of WHO) {
      const r = await crawl(browser, who, locale, seen);
      pageCount += r.pages.length;
      all.push(...r.findings);
    }
  }
  const byRule: Record<string, number> = {};
  for (const f of all) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  console.log(`\n${pageCount} page views audited (${TAGS.join(', ')}); ${all.length} violations`);
  if (all.length) exitCode = 1;
  console.log(JSON.stringify({ pages: pageCount, violations: all.length, byRule, smallTapTargets: smallTargets }));
} catch (e) {
  console.error(e);
  exitCode = 2;
} finally {
  await browser?.close();
  await server.stop();
}
process.exit(exitCode);
