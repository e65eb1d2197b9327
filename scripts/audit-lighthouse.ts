/**
 * `npm run audit:lighthouse`: Lighthouse 12 (mobile preset: emulated phone, simulated slow 4G and
 * 4x CPU slowdown) in Debian's chromium against the built app, on /signin, /home, /identity and
 * /confirm as a signed-in student, and on /bench/bare — an empty page of the same Next.js, root
 * layout and CSS — as the floor. Three runs of each, interleaved so a busy machine slows every
 * page alike; medians. Prints the four category scores per page and each page's Total Blocking
 * Time as a ratio to the floor's. Needs `npm run build` first.
 *
 * The last line is one JSON object. Exit 1 when a page misses the aim (accessibility 100, best
 * practices 100, TBT ≤ 1.3× the floor, or ≤ 50 ms where the floor's is too small to divide by).
 */
import { setPriority } from 'node:os';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { APP, CHROMIUM, CHROMIUM_ARGS, launchChromium, newContext, PHONE, signIn, startApp } from './audit/server';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS || 3);
/** LIGHTHOUSE_DETAILS=1: also print each run's longest main-thread tasks and the scripts' boot-up time. */
const DETAILS = process.env.LIGHTHOUSE_DETAILS === '1';
/** Trace hiccups of Chromium under load (no navigation start recorded): that run is taken again. */
const RETRY_CODES = new Set(['NO_NAVSTART', 'NO_FCP', 'NO_TRACING_STARTED']);
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
/** TBT below this is noise on any machine: the ratio is judged only above it. */
const TBT_NOISE_MS = 50;

interface Target {
  name: string;
  path: string;
  /** the student whose session cookie is sent, or null */
  as: 'stu-zhou' | 'stu-zhang' | null;
}

// stu-zhou is verified with a task in the seeded campaign (/confirm shows the sections); stu-zhang
// has not submitted, so /identity is the form itself — the heaviest page a student opens.
const ALL_TARGETS: Target[] = [
  { name: 'floor (bare page)', path: '/bench/bare', as: null },
  { name: 'signin', path: '/signin', as: null },
  { name: 'home', path: '/home', as: 'stu-zhou' },
  { name: 'identity (form)', path: '/identity', as: 'stu-zhang' },
  { name: 'confirm', path: '/confirm', as: 'stu-zhou' },
];
/** LIGHTHOUSE_PAGES=/identity,/home: only those pages (and always the floor), for a quicker look. */
const ONLY = (process.env.LIGHTHOUSE_PAGES ?? '').split(',').filter(Boolean);
const TARGETS = ALL_TARGETS.filter((t, i) => i === 0 || !ONLY.length || ONLY.includes(t.path));

/** Signs the student in through the real OIDC flow and returns the Cookie header of the session. */
async function sessionCookies(): Promise<Record<string, string>> {
  const browser = await launchChromium();
  const out: Record<string, string> = {};
  try {
    for (const sub of ['stu-zhou', 'stu-zhang'] as const) {
      const context = await newContext(browser, PHONE, 'zh-CN');
      const page = await context.newPage();
      await signIn(page, sub);
      if (sub === 'stu-zhang') {
        // The form shows only after the privacy notice is acknowledged.
        await page.goto(`${APP}/identity`);
        if (page.url().endsWith('/identity/notice')) {
          await page.getByTestId('notice-accept').click();
          await page.waitForURL(/\/identity$/);
        }
      }
      out[sub] = (await context.cookies(APP)).map((c) => `${c.name}=${c.value}`).join('; ');
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Run {
  scores: Record<(typeof CATEGORIES)[number], number>;
  tbt: number;
  finalUrl: string;
  failing: string[];
}

async function runOnce(port: number, url: string, cookie: string | undefined, attempt = 1): Promise<Run> {
  const result = await lighthouse(
    url,
    {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
      ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
    },
    // The default config is the mobile preset.
    undefined,
  );
  if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) {
    if (attempt < 3 && RETRY_CODES.has(lhr.runtimeError.code)) {
      console.log(`  ${url}: ${lhr.runtimeError.code}, running it again`);
      return runOnce(port, url, cookie, attempt + 1);
    }
    throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  }
  if (DETAILS) printDetails(url, lhr);
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Run['scores'];
  const failing: string[] = [];
  for (const c of ['accessibility', 'best-practices'] as const) {
    for (const ref of lhr.categories[c]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a && a.score !== null && a.score < 1) failing.push(`${c}: ${a.id} — ${a.title}`);
    }
  }
  return { scores, tbt: lhr.audits['total-blocking-time']?.numericValue ?? NaN, finalUrl: lhr.finalDisplayedUrl, failing };
}

type Items = { items?: Record<string, unknown>[] };
function printDetails(url: string, lhr: { audits: Record<string, { details?: unknown }> }): void {
  const tasks = ((lhr.audits['long-tasks']?.details as Items | undefined)?.items ?? []).slice(0, 6);
  const boot = ((lhr.audits['bootup-time']?.details as Items | undefined)?.items ?? []).slice(0, 6);
  console.log(`  ${url} long tasks: ${tasks.map((t) => `${Math.round(Number(t.duration))} ms ${String(t.url).replace(APP, '')}`).join(' | ')}`);
  console.log(`  ${url} boot-up: ${boot.map((b) => `${String(b.url).replace(APP, '')} ${Math.round(Number(b.scripting))} ms`).join(' | ')}`);
}

// The server below the browser in CPU priority: see startApp.
const server = await startApp({ niceness: 10 });
let chrome: chromeLauncher.LaunchedChrome | undefined;
let exitCode = 0;
try {
  const cookies = await sessionCookies();
  chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: CHROMIUM_ARGS,
    logLevel: 'silent',
  });
  // Lighthouse itself (this process) reads the trace as the page loads: it too yields the cores to
  // the browser it measures. Chromium, started above, keeps the normal priority.
  setPriority(10);
  const runs = new Map<string, Run[]>(TARGETS.map((t) => [t.name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const t of TARGETS) {
      const r = await runOnce(chrome.port, `${APP}${t.path}`, t.as ? cookies[t.as] : undefined);
      if (new URL(r.finalUrl).pathname !== t.path) throw new Error(`${t.path} ended on ${r.finalUrl}: the session cookie was not accepted`);
      runs.get(t.name)!.push(r);
      console.log(`run ${i + 1}/${RUNS} ${t.name.padEnd(18)} ${CATEGORIES.map((c) => `${c} ${r.scores[c]}`).join('  ')}  TBT ${Math.round(r.tbt)} ms`);
    }
  }
  const floorTbt = median(runs.get(TARGETS[0]!.name)!.map((r) => r.tbt));
  const pages: Record<string, Record<string, number | string[]>> = {};
  console.log(`\nmedians of ${RUNS} runs (mobile preset)`);
  console.log(`${'page'.padEnd(18)} ${CATEGORIES.map((c) => c.padStart(15)).join('')}   TBT ms   × floor`);
  for (const t of TARGETS) {
    const rs = runs.get(t.name)!;
    const m = Object.fromEntries(CATEGORIES.map((c) => [c, median(rs.map((r) => r.scores[c]))])) as Run['scores'];
    const tbt = median(rs.map((r) => r.tbt));
    const ratio = floorTbt > 0 ? tbt / floorTbt : tbt === 0 ? 1 : Infinity;
    const failing = [...new Set(rs.flatMap((r) => r.failing))];
    pages[t.path] = { ...m, tbtMs: Math.round(tbt), tbtRatio: Number(ratio.toFixed(2)), failing };
    console.log(
      `${t.name.padEnd(18)} ${CATEGORIES.map((c) => String(m[c]).padStart(15)).join('')}   ${String(Math.round(tbt)).padStart(6)}   ${ratio === Infinity ? '∞' : ratio.toFixed(2)}`,
    );
    for (const f of failing) console.log(`    ${f}`);
    const tbtOk = ratio <= 1.3 || tbt <= TBT_NOISE_MS;
    if (t.as !== null || t.path === '/signin') if (m.accessibility < 100 || m['best-practices'] < 100 || !tbtOk) exitCode = 1;
  }
  console.log(JSON.stringify({ runs: RUNS, floorTbtMs: Math.round(floorTbt), pages }));
} catch (e) {
  console.error(e);
  exitCode = 2;
} finally {
  await chrome?.kill();
  await server.stop();
}
process.exit(exitCode);
