import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, testEngine, type TestDb } from '../helpers/db';

/**
 * Two app instances — two Node processes, each with its own connection pool and its own limiter
 * objects — on one PostgreSQL database: requests for the same key spend one budget, whichever
 * instance they reach. PostgreSQL only: PGlite is one process's embedded database, so there is
 * no second instance to share it with (tests/db/ratelimit.test.ts covers it in-process).
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
// This worktree's private port range (4500..4899).
const PORTS = [4510, 4511];
const BUDGET = 15;

let t: TestDb;
const children: ChildProcess[] = [];

function startInstance(port: number, url: string): Promise<ChildProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    DATABASE_URL: url,
    DATABASE_POOL_MAX: '3',
    RATE_LIMITS: `confirm=${BUDGET}/60`,
    AUTH_SECRET: 'x'.repeat(40),
    AUTH_CAMPUS_ISSUER: 'https://idp.invalid',
    AUTH_CAMPUS_ID: 'test',
    AUTH_CAMPUS_SECRET: 'test',
    PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    PII_BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
    STORAGE_SIGNING_SECRET: 's'.repeat(40),
    JOBS_WORKER: 'off',
  };
  const child = spawn(TSX, ['--conditions=react-server', 'tests/helpers/ratelimit-instance.ts', String(port)], {
    cwd: ROOT,
    env: env as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`instance on ${port} did not start: ${err}`)), 45_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes(`ready ${port}`)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance on ${port} exited with ${code}: ${err}`));
    });
  });
}

describe.skipIf(testEngine !== 'postgres')('rate limits across two app instances (PostgreSQL)', () => {
  beforeAll(async () => {
    t = await freshDb();
    await Promise.all(PORTS.map((p) => startInstance(p, t.url!)));
  }, 90_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))));
    await t?.cleanup();
  });

  it('spends one budget per key whichever instance answers, and every refusal is a 429 with Retry-After', async () => {
    const key = `student-${Date.now()}`;
    // 30 requests, alternating between the instances, half of them in flight at once.
    const hit = (i: number) => fetch(`http://127.0.0.1:${PORTS[i % 2]}/?kind=confirm&key=${key}`, { headers: { accept: 'application/json' } });
    const responses = [
      ...(await Promise.all(Array.from({ length: 15 }, (_, i) => hit(i)))),
      ...(await Promise.all(Array.from({ length: 15 }, (_, i) => hit(i + 15)))),
    ];
    const ok = responses.filter((r) => r.status === 204);
    const limited = responses.filter((r) => r.status === 429);
    expect(ok.length).toBe(BUDGET);
    expect(limited.length).toBe(30 - BUDGET);
    // Both instances answered, and both refused: the budget is not per process.
    expect(new Set(responses.map((r) => r.headers.get('x-instance'))).size).toBe(2);
    expect(new Set(limited.map((r) => r.headers.get('x-instance'))).size).toBe(2);
    for (const r of limited) {
      const s = Number(r.headers.get('retry-after'));
      expect(s).toBeGreaterThanOrEqual(1);
      expect(s).toBeLessThanOrEqual(60);
      const body = (await r.json()) as { error: string; message: string; retryAfterSeconds: number };
      expect(body.error).toBe('ratelimit.confirm');
      expect(body.message).toMatch(/提交过于频繁/);
      expect(body.retryAfterSeconds).toBe(s);
    }
    const [row] = await t.db.query<{ points: number }>('select points from public.rate_limits where key = $1', [`confirm:${key}`]);
    expect(Number(row!.points)).toBeGreaterThanOrEqual(BUDGET);
    // Another key is untouched by all this.
    expect((await fetch(`http://127.0.0.1:${PORTS[1]}/?kind=confirm&key=${key}-2`)).status).toBe(204);
  });
});
