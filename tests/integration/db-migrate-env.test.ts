import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { EnvError, parseDatabaseEnv, parseEnv } from '../../lib/server/env';

/**
 * `npm run db:migrate` needs only DATABASE_URL: a deploy step that migrates must not need (or be
 * handed) the sign-in, encryption and storage secrets. The script runs as the operator runs it,
 * with an environment built from scratch (PATH and HOME only, plus the one variable).
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function runMigrate(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['--conditions=react-server', 'scripts/db-migrate.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('db:migrate environment', () => {
  it('reads only DATABASE_URL / DATA_DIR, where the full environment would demand every secret', () => {
    const only = { DATABASE_URL: 'postgres://migrator@db.example.edu.cn:5432/civ' };
    expect(() => parseEnv(only)).toThrow(EnvError);
    expect(parseDatabaseEnv(only)).toMatchObject({ embedded: false, databaseUrl: only.DATABASE_URL });
    expect(parseDatabaseEnv({ DATA_DIR: '/tmp/x' })).toEqual({ embedded: true, databaseUrl: null, dataDir: '/tmp/x' });
    expect(() => parseDatabaseEnv({ DATABASE_URL: 'mysql://nope' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ connection URL/);
  });

  it.runIf(!!process.env.TEST_PG_URL)(
    'migrates a PostgreSQL database with DATABASE_URL and nothing else',
    async () => {
      const base = process.env.TEST_PG_URL!;
      const name = `civ_migrate_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      try {
        const url = new URL(base);
        url.pathname = `/${name}`;
        const first = await runMigrate({ DATABASE_URL: url.toString() });
        expect(first.out).toMatch(/Applied \d+ migration/);
        expect(first.code).toBe(0);
        const again = await runMigrate({ DATABASE_URL: url.toString() });
        expect(again.out).toMatch(/Database is up to date/);
        const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
        const [row] = await db`select count(*)::int as n from supabase_migrations.schema_migrations where version like '20261203020%'`;
        await db.end();
        expect(row!.n).toBeGreaterThanOrEqual(3);
      } finally {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
    240_000,
  );

  it.runIf(!process.env.TEST_PG_URL)(
    'migrates the embedded database with DATA_DIR alone and writes no development secrets',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'civ-migrate-'));
      try {
        const r = await runMigrate({ DATA_DIR: dir });
        expect(r.out).toMatch(/Applied \d+ migration/);
        expect(r.code).toBe(0);
        expect(existsSync(path.join(dir, 'pglite'))).toBe(true);
        expect(existsSync(path.join(dir, 'dev-secrets.json'))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
