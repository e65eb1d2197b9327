import 'server-only';
import { z } from 'zod';
import { hasRole, requireRole, reviewerDepartments, type Access } from '../auth/access';
import { caseActor, compareRecordInTx } from '../compare/compare-version';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { lateness, waitedAtLeastCutoff, workingDaysWaited, type Lateness } from './working-days';

/**
 * The review queue: submissions of the caller's departments (RLS decides which — the verb never
 * filters by department for security, only when asked to), filtered and sorted, a page at a time
 * with keyset pagination (no OFFSET: page 200 costs what page 1 does). Indexes in the
 * 20261129000420 migration serve the department/state/submitted_at order.
 */

import { QUEUE_SORTS, QUEUE_STATES, type QueueState } from '@/lib/domain/reviews';
export { QUEUE_SORTS, QUEUE_STATES, type QueueSort, type QueueState } from '@/lib/domain/reviews';

const STATES_OF: Record<QueueState, readonly string[]> = {
  open: ['submitted', 'in_review'],
  submitted: ['submitted'],
  in_review: ['in_review'],
  returned: ['returned'],
  escalated: ['escalated'],
  verified: ['verified'],
  all: ['submitted', 'in_review', 'returned', 'escalated', 'verified'],
};

export const ZQueueQuery = z.object({
  state: z.enum(QUEUE_STATES).default('open'),
  departmentId: z.uuid().optional(),
  cohort: z.number().int().min(1950).max(2100).optional(),
  mismatches: z.boolean().optional(),
  duplicates: z.boolean().optional(),
  /** waited at least this many working days */
  minWaitDays: z.number().int().min(0).max(365).optional(),
  /** waited longer than the target */
  overdue: z.boolean().optional(),
  sort: z.enum(QUEUE_SORTS).default('oldest'),
  cursor: z.string().max(300).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type TQueueQuery = z.input<typeof ZQueueQuery>;

export interface QueueItem {
  id: string;
  state: string;
  studentNumber: string;
  name: string;
  cohort: number;
  department: { id: string; code: string; nameZh: string; nameEn: string };
  submittedAt: Date | null;
  waitedDays: number;
  lateness: Lateness;
  claim: { userId: string; name: string | null; live: boolean; mine: boolean } | null;
  mismatchCount: number;
  duplicateSuspected: boolean;
  compared: boolean;
  returnCount: number;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
  targetDays: number;
}

const ZCursor = z.tuple([z.number().int().min(0), z.string().min(10).max(64), z.uuid()]);

function encodeCursor(mismatches: number, ts: string, id: string): string {
  return Buffer.from(JSON.stringify([mismatches, ts, id])).toString('base64url');
}

function decodeCursor(cursor: string): z.infer<typeof ZCursor> {
  try {
    return ZCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('invalid_input', { message: 'bad queue cursor' });
  }
}

interface Row {
  id: string;
  state: string;
  submitted_at: Date | null;
  ts: string;
  cohort: number;
  department_id: string;
  assigned_to: string | null;
  claim_live: boolean;
  mismatch_count: number;
  duplicate_suspected: boolean;
  compared: boolean;
  return_count: number;
  student_number: string;
  name: string;
  code: string;
  name_zh: string;
  name_en: string;
  claimer_name: string | null;
}

/** At most this many not-yet-compared submissions are compared before a listing (see listQueue). */
const CATCH_UP = 20;

async function queryPage(tx: Tx, q: z.output<typeof ZQueueQuery>, now: Date, idleMinutes: number, scope: readonly string[] | null): Promise<Row[]> {
  // The SQL text is assembled from constant fragments chosen by the (validated) query; every
  // value goes in as a parameter.
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const states = STATES_OF[q.state];
  const where = [`r.state in (${states.map((s) => p(s)).join(', ')})`, 'r.submitted_at is not null'];
  if (q.departmentId) where.push(`r.department_id = ${p(q.departmentId)}`);
  // Not for security (RLS decides): naming the reviewer's departments lets the planner walk the
  // department's index in queue order instead of filtering the whole table through the policy.
  else if (scope) where.push(scope.length ? `r.department_id in (${scope.map((d) => p(d)).join(', ')})` : 'false');
  if (q.cohort) where.push(`r.cohort = ${p(q.cohort)}`);
  if (q.mismatches !== undefined) where.push(q.mismatches ? 'r.mismatch_count > 0' : 'r.mismatch_count = 0');
  if (q.duplicates !== undefined) where.push(q.duplicates ? 'r.duplicate_suspected' : 'not r.duplicate_suspected');
  const minWait = Math.max(q.minWaitDays ?? 0, q.overdue ? getEnv().review.targetWorkingDays + 1 : 0);
  const cutoff = waitedAtLeastCutoff(now, minWait);
  if (cutoff) where.push(`r.submitted_at < ${p(cutoff.toISOString())}::timestamptz`);
  if (q.cursor) {
    const [mc, ts, id] = decodeCursor(q.cursor);
    if (q.sort === 'newest') where.push(`(r.submitted_at, r.id) < (${p(ts)}::timestamptz, ${p(id)}::uuid)`);
    else if (q.sort === 'oldest') where.push(`(r.submitted_at, r.id) > (${p(ts)}::timestamptz, ${p(id)}::uuid)`);
    else where.push(`(r.mismatch_count < ${p(mc)} or (r.mismatch_count = ${p(mc)} and (r.submitted_at, r.id) > (${p(ts)}::timestamptz, ${p(id)}::uuid)))`);
  }
  const order =
    q.sort === 'newest' ? 'r.submitted_at desc, r.id desc' : q.sort === 'oldest' ? 'r.submitted_at, r.id' : 'r.mismatch_count desc, r.submitted_at, r.id';
  const idle = p(idleMinutes);
  const limit = p(q.limit + 1);
  // The page is chosen from identity_records alone (index order, early stop), then joined: the
  // roster's RLS then runs for one page of rows, not for the department.
  return tx.query<Row>(
    `with page as (
       select r.id, r.state, r.submitted_at, r.cohort, r.department_id, r.student_id, r.assigned_to, r.claimed_at,
              r.mismatch_count, r.duplicate_suspected, r.compared_version_id, r.current_version_id, r.return_count
       from public.identity_records r
       where ${where.join(' and ')}
       order by ${order}
       limit ${limit}
     )
     select r.id, r.state, r.submitted_at, r.submitted_at::text as ts, r.cohort, r.department_id, r.assigned_to,
            coalesce(r.assigned_to is not null and r.claimed_at > now() - make_interval(mins => ${idle}::int), false) as claim_live,
            r.mismatch_count, r.duplicate_suspected, r.compared_version_id is not distinct from r.current_version_id as compared,
            r.return_count, s.student_number, s.name, d.code, d.name_zh, d.name_en,
            case when r.assigned_to is null then null else app.staff_display_name(r.assigned_to) end as claimer_name
     from page r
     join public.students s on s.id = r.student_id
     join public.departments d on d.id = r.department_id
     order by ${order}`,
    params,
  );
}

/**
 * One page of the queue. Submissions not compared yet (new since the last listing, or stale after
 * an import) are compared first — a few per call, under the caller's RLS — so the "mismatches" and
 * "duplicate" filters reflect them; compareAllPending does the same in bulk as a system job.
 */
export async function listQueue({
  access,
  input = {},
  options = {},
}: {
  access: Access | null;
  input?: TQueueQuery;
  options?: { now?: Date; claimIdleMinutes?: number; compareMissing?: boolean };
}): Promise<QueuePage> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const parsed = ZQueueQuery.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input');
  const q = parsed.data;
  const now = options.now ?? new Date();
  const env = getEnv();
  const idle = options.claimIdleMinutes ?? env.review.claimIdleMinutes;

  // A registrar sees every department; a reviewer their granted ones.
  const scope = hasRole(me, 'registrar') ? null : reviewerDepartments(me);
  const list = (tx: Tx) => queryPage(tx, q, now, idle, scope);
  let rows = await withRls(me.ctx, async (tx) => {
    if (options.compareMissing === false) return { rows: await list(tx), pending: [] as string[] };
    const pending = await tx.query<{ id: string }>(
      `select id from public.identity_records
       where state in ('submitted', 'in_review', 'escalated') and compared_version_id is distinct from current_version_id
         ${scope ? (scope.length ? `and department_id in (${scope.map((_, i) => `$${i + 1}`).join(', ')})` : 'and false') : ''}
       order by submitted_at limit ${CATCH_UP}`,
      scope ?? [],
    );
    return { rows: pending.length ? [] : await list(tx), pending: pending.map((r) => r.id) };
  }).then(async ({ rows: listed, pending }) => {
    if (!pending.length) return listed;
    const actor = caseActor(me);
    for (const id of pending) {
      // One record that cannot be compared must not keep the queue from showing.
      await withRls(me.ctx, (tx) => compareRecordInTx(tx, id, actor, { now })).catch((e: unknown) => console.error(`compare ${id} failed`, e));
    }
    return withRls(me.ctx, list);
  });

  const more = rows.length > q.limit;
  if (more) rows = rows.slice(0, q.limit);
  const last = rows.at(-1);
  return {
    items: rows.map((r) => {
      const submittedAt = r.submitted_at ? new Date(r.submitted_at) : null;
      const waitedDays = submittedAt ? workingDaysWaited(submittedAt, now) : 0;
      return {
        id: r.id,
        state: r.state,
        studentNumber: r.student_number,
        name: r.name,
        cohort: r.cohort,
        department: { id: r.department_id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en },
        submittedAt,
        waitedDays,
        // Waiting is on the student or the office once the record left the reviewers' hands.
        lateness: ['submitted', 'in_review'].includes(r.state) ? lateness(waitedDays, env.review.targetWorkingDays) : 'ok',
        claim: r.assigned_to ? { userId: r.assigned_to, name: r.claimer_name, live: r.claim_live, mine: r.assigned_to === me.user.id } : null,
        mismatchCount: r.mismatch_count,
        duplicateSuspected: r.duplicate_suspected,
        compared: r.compared,
        returnCount: r.return_count,
      };
    }),
    nextCursor: more && last ? encodeCursor(last.mismatch_count, last.ts, last.id) : null,
    targetDays: env.review.targetWorkingDays,
  };
}
