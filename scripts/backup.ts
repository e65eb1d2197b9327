import path from 'node:path';
import { createBackup } from '../lib/server/archive/backup/create-backup';
import type { BackupProgress } from '../lib/server/archive/backup/manifest';
import { EnvError } from '../lib/server/env';
import { getStore } from '../lib/server/storage';
import { openScriptDb } from './open-db';

/**
 * npm run backup [-- --out DIR]   a consistent snapshot of the database and the stored photos, with
 * manifest.json (row counts, sha256). Default DIR: DATA_DIR/backups/<UTC time>. On the embedded
 * default stop the app first (PGlite's data directory has one user). docs/operations.md, decision 064.
 */
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
try {
  const { db, env } = await openScriptDb();
  const outDir = path.resolve(arg('--out') ?? path.join(env.dataDir, 'backups', new Date().toISOString().replace(/[:.]/g, '-')));
  const started = Date.now();
  let lastPrint = 0;
  const onProgress = (p: BackupProgress) => {
    const end = p.total !== null && p.done === p.total;
    if (Date.now() - lastPrint < 1000 && !end) return;
    lastPrint = Date.now();
    console.log(p.phase === 'database' ? `  database: ${(p.done / 1e6).toFixed(1)} MB` : `  ${p.phase}: ${p.done}/${p.total}`);
  };
  console.log(
    `Backing up the ${db.kind === 'postgres' ? 'PostgreSQL database (pg_dump, custom format)' : 'embedded PGlite database'} and ${env.storage.kind} storage to ${outDir}`,
  );
  const m = await createBackup({ db, databaseUrl: env.databaseUrl, store: getStore(), outDir, onProgress });
  await db.close();
  const rows = Object.values(m.tables).reduce((s, n) => s + n, 0);
  const fileBytes = m.files.reduce((s, f) => s + f.bytes, 0);
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.keys(m.tables).length} tables, ${rows} rows, ${m.files.length} files.`);
  for (const k of m.missing) console.log(`  WARNING: referenced object not in storage: ${k}`);
  console.log('Encrypt it and move it off this machine (docs/operations.md, "Backups").');
  console.log(
    JSON.stringify({
      dir: outDir,
      engine: m.engine,
      schemaVersion: m.schemaVersion,
      tables: Object.keys(m.tables).length,
      rows,
      databaseBytes: m.database.bytes,
      files: m.files.length,
      fileBytes,
      missing: m.missing.length,
      seconds: (Date.now() - started) / 1000,
    }),
  );
} catch (e) {
  console.error(e instanceof EnvError ? e.message : `backup failed: ${(e as Error).message}`);
  process.exit(1);
}
