import 'server-only';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './types';

const MIGRATION_FILE = /^(\d{14})_([a-z0-9_]+)\.sql$/;
// Any constant works; it only has to be the same in every process that migrates.
const LOCK_ID = 734_211_905;

export function supabaseDir(): string {
  return path.join(process.cwd(), 'supabase');
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

/**
 * Applies supabase/bootstrap (idempotent; creates Supabase's roles and auth helpers only where
 * absent) and then each pending file of supabase/migrations in its own transaction. Applied
 * versions are kept in supabase_migrations.schema_migrations, the Supabase CLI's own table, so
 * `supabase db push` and this runner agree on what has been applied.
 *
 * `db` must be a single connection (PGlite, or postgres.js with max 1): the advisory lock is
 * per session.
 */
export async function migrate(db: Database, dir = supabaseDir()): Promise<string[]> {
  const applied: string[] = [];
  await db.query('select pg_advisory_lock($1)', [LOCK_ID]);
  try {
    for (const f of sqlFiles(path.join(dir, 'bootstrap'))) {
      await db.exec(readFileSync(path.join(dir, 'bootstrap', f), 'utf8'));
    }
    await db.exec(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text);`);
    const done = new Set((await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).map((r) => r.version));
    for (const f of sqlFiles(path.join(dir, 'migrations'))) {
      const m = MIGRATION_FILE.exec(f);
      if (!m) throw new Error(`migration file name ${f} does not match <14 digits>_<name>.sql`);
      const [, version, name] = m as unknown as [string, string, string];
      if (done.has(version)) continue;
      const body = readFileSync(path.join(dir, 'migrations', f), 'utf8');
      try {
        // version and name are checked by MIGRATION_FILE above, so splicing them is safe.
        await db.exec(`begin;\n${body}\n;\ninsert into supabase_migrations.schema_migrations (version, name) values ('${version}', '${name}');\ncommit;`);
      } catch (e) {
        // The failed statement may already have ended the transaction; the original error is what matters.
        await db.exec('rollback').catch((rollbackError: unknown) => console.warn('rollback after failed migration:', rollbackError));
        throw new Error(`migration ${f} failed: ${(e as Error).message}`, { cause: e });
      }
      applied.push(f);
    }
  } finally {
    await db.query('select pg_advisory_unlock($1)', [LOCK_ID]);
  }
  return applied;
}
