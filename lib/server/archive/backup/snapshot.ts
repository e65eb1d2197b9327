import 'server-only';
import type { Queryable } from '../../db/types';
import type { Manifest } from './manifest';

/** Every ordinary table outside the system schemas, as a quoted "schema"."table" and its count. */
export async function countRows(q: Queryable): Promise<Record<string, number>> {
  const tables = await q.query<{ name: string; quoted: string }>(
    `select n.nspname || '.' || c.relname as name, quote_ident(n.nspname) || '.' || quote_ident(c.relname) as quoted
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
     order by 1`,
  );
  const counts: Record<string, number> = {};
  // The names come from the catalog, quoted by quote_ident: never from input.
  for (const t of tables) counts[t.name] = Number((await q.query<{ n: string }>(`select count(*)::text as n from ${t.quoted}`))[0]!.n);
  return counts;
}

/**
 * The stored objects the data references: each document's clean copy and thumbnail. The uploaded
 * originals are deleted once processed (and pending ones expire), so they are not part of a backup.
 */
export async function referencedObjects(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ k: string }>(
    `select k from public.documents d, lateral (values (d.object_key), (d.thumb_key)) v(k) where k is not null order by k`,
  );
  return rows.map((r) => r.k);
}

export async function auditHeads(q: Queryable): Promise<Manifest['auditHeads']> {
  const rows = await q.query<{ stream: number; seq: string; last_hash: string }>(
    'select stream, seq::text, last_hash from public.audit_chain_heads order by stream',
  );
  return rows.map((r) => ({ stream: Number(r.stream), seq: Number(r.seq), lastHash: r.last_hash }));
}

export async function schemaVersion(q: Queryable): Promise<string | null> {
  const [r] = await q.query<{ v: string | null }>('select max(version) as v from supabase_migrations.schema_migrations');
  return r?.v ?? null;
}
