import path from 'node:path';
import type { BackupProgress } from '../lib/server/archive/backup/manifest';
import { restoreBackup } from '../lib/server/archive/backup/restore-backup';
import { openPostgres } from '../lib/server/db/postgres';
import { EnvError, parseEnv } from '../lib/server/env';
import { LocalObjectStore } from '../lib/server/storage/local';
import { SupabaseObjectStore } from '../lib/server/storage/supabase';

/**
 * npm run restore -- <backup dir>   restores into the database and storage this environment names
 * (DATABASE_URL, else PGlite under DATA_DIR; SUPABASE_URL, else DATA_DIR/storage), which must be new
 * and empty, then checks row counts, file checksums and the audit chain. Exit 1 on any mismatch.
 */
try {
  const dir = process.argv[2] && !process.argv[2].startsWith('--') ? path.resolve(process.argv[2]) : null;
  if (!dir) throw new EnvError(['usage: npm run restore -- <backup directory>']);
  const env = parseEnv(process.env);
  const store =
    env.storage.kind === 'supabase'
      ? new SupabaseObjectStore({ url: env.storage.url, serviceRoleKey: env.storage.serviceRoleKey, bucket: env.storage.bucket })
      : new LocalObjectStore({ root: env.storage.root, signingSecret: env.storage.signingSecret });
  const url = env.databaseUrl;
  const target = url
    ? { kind: 'postgres' as const, url, open: () => openPostgres(url, { max: 2 }) }
    : { kind: 'pglite' as const, dataDir: path.join(env.dataDir, 'pglite') };
  console.log(`Restoring ${dir} into ${url ? 'PostgreSQL (DATABASE_URL)' : target.kind === 'pglite' ? target.dataDir : ''} and ${env.storage.kind} storage`);
  const started = Date.now();
  let lastPrint = 0;
  const onProgress = (p: BackupProgress) => {
    const end = p.total !== null && p.done === p.total;
    if (Date.now() - lastPrint < 1000 && !end) return;
    lastPrint = Date.now();
    console.log(`  ${p.phase}${p.detail ? ` (${p.detail})` : ''}: ${p.done}/${p.total ?? '?'}`);
  };
  const r = await restoreBackup({ dir, target, store, onProgress });
  for (const m of r.countMismatches) console.log(`  MISMATCH ${m.table}: manifest ${m.expected}, restored ${m.actual ?? 'missing'}`);
  for (const k of r.fileMismatches) console.log(`  MISMATCH file ${k}`);
  if (!r.audit.ok) console.log(`  AUDIT CHAIN BROKEN: first break stream ${r.audit.firstBreak?.stream}, row id ${r.audit.firstBreak?.id}`);
  console.log(r.ok ? 'Restore verified: counts, checksums and the audit chain match.' : 'Restore NOT verified.');
  console.log(
    JSON.stringify({
      ok: r.ok,
      tables: Object.keys(r.manifest.tables).length,
      rows: Object.values(r.manifest.tables).reduce((s, n) => s + n, 0),
      files: r.manifest.files.length,
      countMismatches: r.countMismatches.length,
      fileMismatches: r.fileMismatches.length,
      auditRows: r.audit.rows,
      auditOk: r.audit.ok,
      seconds: (Date.now() - started) / 1000,
    }),
  );
  process.exit(r.ok ? 0 : 1);
} catch (e) {
  console.error(e instanceof EnvError ? e.message : `restore failed: ${(e as Error).message}`);
  process.exit(2);
}
