import { CASE_KINDS, CASE_STATUSES } from '@/lib/server/cases/rules';
import type { TListCasesInput } from '@/lib/server/cases/list-cases';

export interface CaseFilters {
  status: NonNullable<TListCasesInput['status']>;
  kind?: NonNullable<TListCasesInput['kind']>;
  assignee?: NonNullable<TListCasesInput['assignee']>;
  cursor?: string;
}

const STATUS_VALUES: readonly string[] = ['active', 'all', ...CASE_STATUSES];

/** The list's filters from the query string; anything unknown is dropped, not passed on. */
export function parseCaseFilters(sp: Record<string, string | string[] | undefined>): CaseFilters {
  const one = (k: string) => (typeof sp[k] === 'string' ? (sp[k] as string) : undefined);
  const status = one('status');
  const kind = one('kind');
  const assignee = one('assignee');
  const cursor = one('cursor');
  return {
    status: status && STATUS_VALUES.includes(status) ? (status as CaseFilters['status']) : 'active',
    kind: kind && (CASE_KINDS as readonly string[]).includes(kind) ? (kind as CaseFilters['kind']) : undefined,
    assignee: assignee === 'me' || assignee === 'none' ? assignee : undefined,
    cursor: cursor && cursor.length <= 200 ? cursor : undefined,
  };
}

/** The query string that keeps the filters (not the page) when moving between cases. */
export function filterQuery(f: CaseFilters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (f.status !== 'active') p.set('status', f.status);
  if (f.kind) p.set('kind', f.kind);
  if (f.assignee) p.set('assignee', f.assignee);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}
