import { verifyAuditChain } from '../lib/server/archive/verify-audit';
import { EnvError } from '../lib/server/env';
import { openScriptDb } from './open-db';

/** npm run audit:verify — recomputes the audit hash chains; exit 1 and the first break if any. */
try {
  const { db } = await openScriptDb();
  const started = Date.now();
  const r = await verifyAuditChain(db, {
    onProgress: (n) => {
      if (n % 50_000 === 0) console.log(`  ${n} rows checked`);
    },
  });
  await db.close();
  console.log(`Checked ${r.rows} audit events in ${r.streams} streams (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  if (r.ok) console.log('Audit chain intact.');
  else {
    for (const b of r.breaks) console.log(`  stream ${b.stream}: first break at row id ${b.id ?? '(missing)'} (chain_seq ${b.chainSeq}, ${b.reason})`);
    console.log(`FIRST BREAK: stream ${r.firstBreak!.stream}, row id ${r.firstBreak!.id ?? '(missing)'}`);
  }
  console.log(JSON.stringify({ ok: r.ok, rows: r.rows, breaks: r.breaks }));
  process.exit(r.ok ? 0 : 1);
} catch (e) {
  console.error(e instanceof EnvError ? e.message : `audit:verify failed: ${(e as Error).message}`);
  process.exit(2);
}
