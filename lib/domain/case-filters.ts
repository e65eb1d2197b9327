import { CASE_KINDS, CASE_STATUSES, type CaseKind, type CaseStatus } from './cases';

/** The staff case list's filters, as the query string carries them (list-cases parses the same shape). */
export interface CaseFilters {
  status: 'active' | 'all' | CaseStatus;
  kind?: CaseKind;
  assignee?: 'me' | 'none';
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
