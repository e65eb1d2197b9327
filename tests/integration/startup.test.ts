import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * Runs the real launcher (`npm start` without npm) with a bad environment and checks it refuses
 * to start with a readable list of problems. The environment is built from scratch (PATH and HOME
 * only), so no AUTH_* / PII_* / DATABASE_* from the developer's shell leaks in. With a bad
 * environment the launcher exits before it spawns Next.js; if it ever got that far, the whole
 * process group is killed at the timeout and the test fails.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const TIMEOUT_MS = 60_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function runLauncher(appEnv: Record<string, string>): Promise<Run> {
  const env: Record<string, string> = { ...appEnv };
  for (const name of ['PATH', 'HOME', 'TMPDIR'] as const) {
    const v = process.env[name];
    if (v) env[name] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['--conditions=react-server', 'scripts/start.ts'], {
      cwd: ROOT,
      // Next.js types NODE_ENV as always present; the launcher must cope without it.
      env: env as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so a timeout can stop Next.js too should the launcher ever spawn it.
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cidv-startup-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const expectRefused = (run: Run) => {
  expect(run.timedOut, `launcher did not exit:\n${run.stdout}\n${run.stderr}`).toBe(false);
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).toContain('Configuration error');
  // A readable list, not a crash.
  expect(run.stderr).not.toContain('    at ');
  expect(run.stderr).not.toMatch(/\b(TypeError|ZodError|Unhandled|uncaught)\b/i);
  // It stopped before starting anything.
  expect(run.stdout).not.toContain('Development OpenID provider');
  expect(run.stdout).not.toContain('Embedded database');
  expect(run.stdout).not.toMatch(/Next\.js|Ready in|Local:/);
  // Nothing was generated for the embedded default.
  expect(existsSync(path.join(dataDir, 'dev-secrets.json'))).toBe(false);
};

/** The "  - NAME: ..." lines of the printed configuration error. */
const problemNames = (stderr: string) => [...stderr.matchAll(/^\s+- ([A-Z_]+):/gm)].map((m) => m[1]);

describe('launcher refuses a bad environment', () => {
  it('lists a malformed key and the missing secrets, then exits 1', { timeout: TIMEOUT_MS + 10_000 }, async () => {
    const run = await runLauncher({
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
      PII_ENCRYPTION_KEYS: 'k1:tooshort',
    });
    expectRefused(run);
    expect(run.stderr).toContain('PII_ENCRYPTION_KEYS');
    expect(run.stderr).toContain('32 random bytes');
    expect(run.stderr).toContain('AUTH_SECRET');
    expect(new Set(problemNames(run.stderr))).toEqual(
      new Set(['PII_ENCRYPTION_KEYS', 'AUTH_SECRET', 'PII_BLIND_INDEX_KEY', 'STORAGE_SIGNING_SECRET', 'AUTH_CAMPUS_ISSUER']),
    );
  });

  it('names the one missing secret when everything else is valid', { timeout: TIMEOUT_MS + 10_000 }, async () => {
    const run = await runLauncher({
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
      AUTH_CAMPUS_ISSUER: 'https://sso.example.edu.cn/oidc',
      AUTH_CAMPUS_ID: 'campus-id-verify',
      AUTH_CAMPUS_SECRET: 'campus-client-secret',
      PII_ENCRYPTION_KEYS: `k1:${key(1)}`,
      PII_BLIND_INDEX_KEY: key(9),
      STORAGE_SIGNING_SECRET: 'a-storage-signing-secret-long-enough-0123456789',
      // A port nothing should listen on, in case the launcher wrongly got as far as Next.js.
      PORT: '39217',
    });
    expectRefused(run);
    expect(problemNames(run.stderr)).toEqual(['AUTH_SECRET']);
  });
});
