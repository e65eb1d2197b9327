import 'server-only';
import type { Queryable } from '../db/types';
import { columnName, ENCRYPTED_COLUMNS } from './encrypted-columns';

export interface KeyCensus {
  activeKeyId: string;
  /** ciphertexts per key id, over every encrypted column */
  byKey: Record<string, number>;
  /** ciphertexts under a key other than the active one: 0 once rotation is complete */
  retired: number;
  /** non-empty values that are not v1 ciphertexts (should be 0; never decryptable) */
  malformed: number;
  perColumn: Record<string, Record<string, number>>;
}

/** Counts ciphertexts per key id in every encrypted column (redacted values, '' or null, are not counted). */
export async function countCiphertextsByKey(db: Queryable, activeKeyId: string): Promise<KeyCensus> {
  const census: KeyCensus = { activeKeyId, byKey: {}, retired: 0, malformed: 0, perColumn: {} };
  for (const c of ENCRYPTED_COLUMNS) {
    const rows = await db.query<{ k: string; n: string }>(
      `select case when ${c.column} like 'v1.%' then split_part(${c.column}, '.', 2) else '' end as k, count(*)::text as n
       from public.${c.table} where ${c.column} is not null and ${c.column} <> '' group by 1`,
    );
    const col: Record<string, number> = {};
    for (const r of rows) {
      const n = Number(r.n);
      if (r.k === '') {
        census.malformed += n;
        continue;
      }
      col[r.k] = n;
      census.byKey[r.k] = (census.byKey[r.k] ?? 0) + n;
      if (r.k !== activeKeyId) census.retired += n;
    }
    census.perColumn[columnName(c)] = col;
  }
  return census;
}
