import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { CASE_KINDS, CASE_STATUSES, type CaseKind, type CaseOutcome, type CaseStatus } from './rules';

const ZListCases = z.object({
  /** active = every status but closed (the default working view) */
  status: z.enum(['active', 'all', ...CASE_STATUSES]).default('active'),
  kind: z.enum(CASE_KINDS).optional(),
  assignee: z.enum(['me', 'none']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(30),
});
export type TListCasesInput = z.input<typeof ZListCases>;

export interface CaseListRow {
  id: string;
  kind: CaseKind;
  status: CaseStatus;
  source: string;
  legalConsultation: boolean;
  outcome: CaseOutcome | null;
  openedAt: Date;
  closedAt: Date | null;
  lastActivityAt: Date;
  /** null when the caller may not read the student's roster row */
  student: { id: string; name: string; studentNumber: string; departmentCode: string } | null;
  hasRelatedStudent: boolean;
  assignee: { id: string; name: string | null } | null;
  /** requests the student has not answered yet */
  openRequests: number;
}

export interface CaseListPage {
  rows: CaseListRow[];
  nextCursor: string | null;
}

const ZCursor = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/), z.uuid()]);

function encodeCursor(openedKey: string, id: string): string {
  return Buffer.from(JSON.stringify([openedKey, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    return ZCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('invalid_input', { message: 'bad cursor' });
  }
}

// Two fixed statements, not text built from input: active work is a queue (the case waiting
// longest first); closed and "all" read as history (newest first). Keyset over (opened_at, id),
// with the microseconds kept in the cursor so no row is skipped or repeated between pages.
const select = (cmp: '>' | '<', dir: 'asc' | 'desc') => `
  select c.id, c.kind, c.status, c.source, c.legal_consultation, c.outcome, c.opened_at, c.closed_at,
         to_char(c.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as opened_key,
         c.related_student_id is not null as has_related,
         c.assignee_id, app.staff_display_name(c.assignee_id) as assignee_name,
         s.id as student_id, s.name as student_name, s.student_number, d.code as department_code,
         coalesce((select max(e.created_at) from public.case_events e where e.case_id = c.id), c.opened_at) as last_activity_at,
         (select count(*)::int from public.case_events r
          where r.case_id = c.id and r.kind = 'document_request'
            and not exists (select 1 from public.case_events a where a.case_id = c.id and a.kind = 'document_received'
                            and a.details ->> 'request_id' = r.id::text)) as open_requests
  from public.cases c
  left join public.students s on s.id = c.student_id
  left join public.departments d on d.id = c.department_id
  where ($1 = 'all' or ($1 = 'active' and c.status <> 'closed') or c.status = $1)
    and ($2::text is null or c.kind = $2)
    and ($3::uuid is null or c.assignee_id = $3)
    and (not $4::boolean or c.assignee_id is null)
    and ($5::timestamptz is null or (c.opened_at, c.id) ${cmp} ($5::timestamptz, $6::uuid))
  order by c.opened_at ${dir}, c.id ${dir}
  limit $7`;
const OLDEST_FIRST = select('>', 'asc');
const NEWEST_FIRST = select('<', 'desc');

/**
 * Cases in the caller's reach: the registrar every case, a reviewer the cases they are involved in
 * (escalated, assigned, or wrote in) — RLS alone decides which.
 */
export async function listCases({ access, input = {} }: { access: Access | null; input?: TListCasesInput }): Promise<CaseListPage> {
  const me = requireRole(access, 'registrar', 'reviewer');
  const parsed = ZListCases.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { message: parsed.error.message });
  const f = parsed.data;
  const [afterAt, afterId] = f.cursor ? decodeCursor(f.cursor) : [null, null];
  const history = f.status === 'all' || f.status === 'closed';
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{
      id: string;
      kind: CaseKind;
      status: CaseStatus;
      source: string;
      legal_consultation: boolean;
      outcome: CaseOutcome | null;
      opened_at: Date;
      closed_at: Date | null;
      opened_key: string;
      has_related: boolean;
      assignee_id: string | null;
      assignee_name: string | null;
      student_id: string | null;
      student_name: string | null;
      student_number: string | null;
      department_code: string | null;
      last_activity_at: Date;
      open_requests: number;
    }>(history ? NEWEST_FIRST : OLDEST_FIRST, [
      f.status,
      f.kind ?? null,
      f.assignee === 'me' ? me.user.id : null,
      f.assignee === 'none',
      afterAt,
      afterId,
      f.limit + 1,
    ]);
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return {
      nextCursor: rows.length > f.limit && last ? encodeCursor(last.opened_key, last.id) : null,
      rows: page.map((r) => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        source: r.source,
        legalConsultation: r.legal_consultation,
        outcome: r.outcome,
        openedAt: r.opened_at,
        closedAt: r.closed_at,
        lastActivityAt: r.last_activity_at,
        student: r.student_id ? { id: r.student_id, name: r.student_name!, studentNumber: r.student_number!, departmentCode: r.department_code ?? '' } : null,
        hasRelatedStudent: r.has_related,
        assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name } : null,
        openRequests: r.open_requests,
      })),
    };
  });
}
