import 'server-only';
import type { Tx } from '../../db/types';
import type { SharedRow } from './payload';

export interface SharedFilter {
  q?: string;
  department?: string;
  cohort?: number;
  changedSince?: Date;
}

/**
 * The WHERE clause over public.office_students for the portal and exports. Filters run on the
 * view's columns, which are null when not granted — so filtering by an ungranted field (say the
 * department) matches nothing rather than revealing it.
 */
export function filterSql(officeId: string, f: SharedFilter, first = 1): { where: string; params: unknown[] } {
  const params: unknown[] = [officeId];
  const parts = [`office_id = $${first}`];
  const p = (v: unknown) => {
    params.push(v);
    return `$${first + params.length - 1}`;
  };
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(`(name ilike ${p(like)} or student_number ilike ${p(`${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)})`);
  }
  if (f.department) parts.push(`department_code = ${p(f.department)}`);
  if (f.cohort) parts.push(`cohort = ${p(f.cohort)}`);
  if (f.changedSince) parts.push(`changed_at >= ${p(f.changedSince)}`);
  return { where: parts.join(' and '), params };
}

export async function countShared(tx: Tx, officeId: string, f: SharedFilter): Promise<number> {
  const { where, params } = filterSql(officeId, f);
  const [r] = await tx.query<{ n: number }>(`select count(*)::int as n from public.office_students where ${where}`, params);
  return r?.n ?? 0;
}

export async function pageShared(tx: Tx, officeId: string, f: SharedFilter, limit: number, offset: number): Promise<SharedRow[]> {
  const { where, params } = filterSql(officeId, f);
  return tx.query<SharedRow>(
    `select * from public.office_students where ${where} order by changed_at desc, student_id limit ${Number(limit)} offset ${Number(offset)}`,
    params,
  );
}

/** Keyset pages for exports: by student id, so a long export never re-reads or skips rows by offset. */
export async function keysetShared(tx: Tx, officeId: string, f: SharedFilter, after: string | null, limit: number): Promise<SharedRow[]> {
  const { where, params } = filterSql(officeId, f);
  params.push(after, limit);
  return tx.query<SharedRow>(
    `select * from public.office_students where ${where} and ($${params.length - 1}::uuid is null or student_id > $${params.length - 1}::uuid)
     order by student_id limit $${params.length}`,
    params,
  );
}
