import 'server-only';
import type { Database, Tx } from '../db/types';
import { columnName, ENCRYPTED_COLUMNS, PK_START, type EncryptedColumn } from './encrypted-columns';
import type { FieldCipher } from './field';

export interface RotationProgress {
  column: string;
  /** rows rewritten so far in this column, this run */
  done: number;
  /** rows that needed it when the column's pass started */
  total: number;
}

export interface RotationResult {
  activeKeyId: string;
  mode: 'ciphertext' | 'blind_index';
  rewritten: number;
  perColumn: Record<string, number>;
  seconds: number;
}

interface Opts {
  db: Database;
  cipher: FieldCipher;
  activeKeyId: string;
  batchSize?: number;
  onProgress?: (p: RotationProgress) => void | Promise<void>;
}

/**
 * Re-encrypts every ciphertext that names a key other than the active one (decision 063), one
 * batch per transaction: the batch's rows are locked, decrypted with their own key, encrypted with
 * the active key under the same additional data, and written only where the value is still the one
 * read. Progress lives in the data: a row is done when its ciphertext names the active key, so an
 * interrupted run is resumed by running it again.
 *
 * Runs on the owner's connection (an operator script): RLS would hide rows from any request role.
 */
export async function rotateKeys(opts: Opts): Promise<RotationResult> {
  const started = Date.now();
  const perColumn: Record<string, number> = {};
  for (const c of ENCRYPTED_COLUMNS) perColumn[columnName(c)] = await rotateColumn(opts, c);
  await auditRun(opts.db, 'keys.rotate', opts.activeKeyId, { mode: 'ciphertext', per_column: perColumn });
  return finish(opts.activeKeyId, 'ciphertext', perColumn, started);
}

/**
 * After PII_BLIND_INDEX_KEY changes: recomputes each blind index from its decrypted plaintext with
 * the configured key. Rows whose index already matches are not written, so this resumes too.
 */
export async function reindexBlind(opts: Opts): Promise<RotationResult> {
  const started = Date.now();
  const perColumn: Record<string, number> = {};
  for (const c of ENCRYPTED_COLUMNS) if (c.blindIndex) perColumn[`${c.table}.${c.blindIndex.column}`] = await reindexColumn(opts, c);
  // The verified-ID uniqueness index keeps a copy of the verified version's index; its trigger
  // (app.identity_record_integrity) recomputes it on any update of the record.
  const [{ n } = { n: '0' }] = await opts.db.query<{ n: string }>(
    `with u as (update public.identity_records r set verified_id_number_bidx = v.id_number_bidx
       from public.identity_versions v where v.id = r.verified_version_id and r.verified_id_number_bidx is distinct from v.id_number_bidx
       returning 1) select count(*)::text as n from u`,
  );
  perColumn['identity_records.verified_id_number_bidx'] = Number(n);
  await auditRun(opts.db, 'keys.reindex_blind', 'blind_index', { mode: 'blind_index', per_column: perColumn });
  return finish(opts.activeKeyId, 'blind_index', perColumn, started);
}

function finish(activeKeyId: string, mode: RotationResult['mode'], perColumn: Record<string, number>, started: number): RotationResult {
  const rewritten = Object.values(perColumn).reduce((s, n) => s + n, 0);
  return { activeKeyId, mode, rewritten, perColumn, seconds: (Date.now() - started) / 1000 };
}

const t = (c: EncryptedColumn) => `public.${c.table}`;

async function rotateColumn({ db, cipher, activeKeyId, batchSize = 1000, onProgress }: Opts, c: EncryptedColumn): Promise<number> {
  // Identifiers come from the fixed list above, never from input.
  const stale = `${c.column} like 'v1.%' and split_part(${c.column}, '.', 2) <> $1`;
  const [{ n } = { n: '0' }] = await db.query<{ n: string }>(`select count(*)::text as n from ${t(c)} where ${stale}`, [activeKeyId]);
  const total = Number(n);
  let done = 0;
  let last = PK_START[c.pkType];
  while (total > 0) {
    const batch = await db.transaction(async (tx) => {
      const rows = await tx.query<{ pk: string; enc: string }>(
        `select ${c.pk}::text as pk, ${c.column} as enc from ${t(c)}
         where ${stale} and ${c.pk} > $2::${c.pkType} order by ${c.pk} limit $3 for update`,
        [activeKeyId, last, batchSize],
      );
      if (rows.length === 0) return null;
      const next = rows.map((r) => cipher.encrypt(cipher.decrypt(r.enc, c.aad(r.pk)), c.aad(r.pk)));
      const written = await write(tx, c, c.column, rows, next);
      return { last: rows.at(-1)!.pk, written };
    });
    if (!batch) break;
    last = batch.last;
    done += batch.written;
    await onProgress?.({ column: columnName(c), done, total });
  }
  return done;
}

async function reindexColumn({ db, cipher, batchSize = 1000, onProgress }: Opts, c: EncryptedColumn): Promise<number> {
  const bi = c.blindIndex!;
  const [{ n } = { n: '0' }] = await db.query<{ n: string }>(`select count(*)::text as n from ${t(c)} where ${c.column} like 'v1.%'`);
  const total = Number(n);
  let done = 0;
  let last = PK_START[c.pkType];
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await tx.query<{ pk: string; enc: string; bidx: string }>(
        `select ${c.pk}::text as pk, ${c.column} as enc, ${bi.column} as bidx from ${t(c)}
         where ${c.column} like 'v1.%' and ${c.pk} > $1::${c.pkType} order by ${c.pk} limit $2 for update`,
        [last, batchSize],
      );
      if (rows.length === 0) return null;
      // `enc` is what write() compares with: here the index as read.
      const changed: { pk: string; enc: string }[] = [];
      const next: string[] = [];
      for (const r of rows) {
        const b = cipher.blindIndex(cipher.decrypt(r.enc, c.aad(r.pk)), bi.domain);
        if (b !== r.bidx) {
          changed.push({ pk: r.pk, enc: r.bidx });
          next.push(b);
        }
      }
      const written = changed.length ? await write(tx, c, bi.column, changed, next) : 0;
      return { last: rows.at(-1)!.pk, written };
    });
    if (!batch) break;
    last = batch.last;
    done += batch.written;
    await onProgress?.({ column: `${c.table}.${bi.column}`, done, total });
  }
  return done;
}

/** Writes `next[i]` into `column` of row `rows[i].pk` where the column still holds `rows[i].enc`. */
async function write(tx: Tx, c: EncryptedColumn, column: string, rows: { pk: string; enc: string }[], next: string[]): Promise<number> {
  // Versions are append-only; their guard lets exactly this change through (migration 20261203050000).
  if (c.table === 'identity_versions') await tx.query(`select set_config('app.rekey', 'on', true)`);
  const [{ n } = { n: '0' }] = await tx.query<{ n: string }>(
    `with u as (update ${t(c)} x set ${column} = u.val
       from unnest($1::text[], $2::text[], $3::text[]) as u(pk, old, val)
       where x.${c.pk} = u.pk::${c.pkType} and x.${column} = u.old returning 1)
     select count(*)::text as n from u`,
    [rows.map((r) => r.pk), rows.map((r) => r.enc), next],
  );
  return Number(n);
}

async function auditRun(db: Database, action: string, entityId: string, details: Record<string, unknown>): Promise<void> {
  await db.query(
    `insert into public.audit_events (actor_id, actor_role, action, entity_type, entity_id, details) values (null, 'system', $1, 'encryption_key', $2, $3::text::jsonb)`,
    [action, entityId, JSON.stringify(details)],
  );
}
