import { setDbForTests } from '../lib/server/db/client';
import { runRetention } from '../lib/server/archive/run-retention';
import { EnvError } from '../lib/server/env';
import { openScriptDb } from './open-db';

/** npm run retention [-- --dry-run] — redacts students past the retention period (decision 062). */
try {
  const dryRun = process.argv.includes('--dry-run');
  const { db, env } = await openScriptDb();
  // The verbs use getDb(); point it at the script's connection (no dev seeding on this path).
  setDbForTests(db);
  const r = await runRetention({ dryRun, actor: { job: 'cli' } });
  console.log(`${dryRun ? 'DRY RUN — nothing changed. ' : ''}Retention ${env.retention.years} years, cutoff ${r.cutoff}: ${r.candidates} candidate(s).`);
  for (const x of r.redacted) console.log(`  ${dryRun ? 'would redact' : 'redacted'} ${x.studentNumber}`);
  for (const x of r.skipped) console.log(`  skipped ${x.studentNumber} (${x.reason})`);
  console.log(
    JSON.stringify({
      runId: r.runId,
      dryRun,
      cutoff: r.cutoff,
      candidates: r.candidates,
      redacted: r.redacted.length,
      skipped: r.skipped.length,
      photosDeleted: r.photosDeleted,
    }),
  );
  await db.close();
} catch (e) {
  console.error(e instanceof EnvError ? e.message : `retention failed: ${(e as Error).stack}`);
  process.exit(1);
}
