import { countCiphertextsByKey } from '../lib/server/crypto/count-keys';
import { FieldCipher } from '../lib/server/crypto/field';
import { reindexBlind, rotateKeys, type RotationProgress } from '../lib/server/crypto/rotate-keys';
import { EnvError } from '../lib/server/env';
import { openScriptDb } from './open-db';

/**
 * npm run keys:rotate                  re-encrypts every ciphertext under PII_ACTIVE_KEY_ID (decision 063)
 * npm run keys:rotate -- --check       only counts values per key id
 * npm run keys:rotate -- --blind-index recomputes the blind indexes with PII_BLIND_INDEX_KEY
 * npm run keys:rotate -- --batch 500   rows per transaction (default 1000)
 *
 * Resumable: interrupted, run it again — finished rows already name the active key. Exit 1 while
 * any value still names a retired key. The last line is one JSON object.
 */
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
try {
  const { db, env } = await openScriptDb();
  const { keys, activeKeyId, blindIndexKey } = env.pii;
  const cipher = new FieldCipher(keys, activeKeyId, blindIndexKey);
  const batchSize = Number(arg('--batch') ?? 1000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) throw new EnvError(['--batch: an integer from 1 to 50000']);
  const before = await countCiphertextsByKey(db, activeKeyId);
  console.log(`Active key ${activeKeyId}; configured keys ${[...keys.keys()].join(', ')}.`);
  console.log(`Before: ${JSON.stringify(before.byKey)} (retired-key values: ${before.retired})`);
  let lastPrint = 0;
  const onProgress = (p: RotationProgress) => {
    if (Date.now() - lastPrint > 1000 || p.done === p.total) {
      lastPrint = Date.now();
      console.log(`  ${p.column}: ${p.done}/${p.total}`);
    }
  };
  let result = null;
  if (!process.argv.includes('--check')) {
    result = process.argv.includes('--blind-index')
      ? await reindexBlind({ db, cipher, activeKeyId, batchSize, onProgress })
      : await rotateKeys({ db, cipher, activeKeyId, batchSize, onProgress });
    const rate = result.seconds > 0 ? Math.round(result.rewritten / result.seconds) : result.rewritten;
    console.log(`Rewrote ${result.rewritten} value(s) in ${result.seconds.toFixed(1)} s (${rate} records/s).`);
  }
  const after = await countCiphertextsByKey(db, activeKeyId);
  await db.close();
  console.log(`After: ${JSON.stringify(after.byKey)}`);
  console.log(`Values under a retired key: ${after.retired}${after.malformed ? `; malformed values: ${after.malformed}` : ''}`);
  const retiredKeys = [...keys.keys()].filter((k) => k !== activeKeyId && !after.byKey[k]);
  if (after.retired === 0 && retiredKeys.length) console.log(`No value uses ${retiredKeys.join(', ')}: it may be removed from PII_ENCRYPTION_KEYS.`);
  console.log(
    JSON.stringify({
      activeKeyId,
      mode: result?.mode ?? 'check',
      rewritten: result?.rewritten ?? 0,
      seconds: result?.seconds ?? 0,
      recordsPerSecond: result && result.seconds > 0 ? Math.round(result.rewritten / result.seconds) : null,
      retired: after.retired,
      malformed: after.malformed,
      byKey: after.byKey,
    }),
  );
  process.exit(after.retired === 0 && after.malformed === 0 ? 0 : 1);
} catch (e) {
  console.error(e instanceof EnvError ? e.message : `keys:rotate failed: ${(e as Error).stack}`);
  process.exit(2);
}
