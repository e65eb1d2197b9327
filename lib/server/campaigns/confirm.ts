import 'server-only';
import { z } from 'zod';
import { CAMPAIGN_SECTIONS } from '@/lib/schemas/campaign';
import { requireRole, type Access } from '../auth/access';
import { getDb } from '../db/client';
import { claimsFor, withRls, type Ctx } from '../db/rls';
import type { Tx } from '../db/types';
import { AppError } from '../errors';
import { fingerprint, once } from '../idempotency/internal/once';
import { budgetOf, budgetRowKey, limit, refusalOfSpentPoint } from '../ratelimit';

interface TaskRow {
  id: string;
  status: string;
  sections: string[];
  opened_sections: string[];
  open: boolean;
  confirmed_version_id: string | null;
}

// Built once: a zod schema costs ~40 µs to build and compile on first parse, ~1 µs to run.
const ZOpenSection = z.object({ taskId: z.uuid(), section: z.enum(CAMPAIGN_SECTIONS) });
const ZConfirm = z.object({ taskId: z.uuid(), idempotencyKey: z.uuid().optional() });

async function lockMyTask(tx: Tx, studentId: string, taskId: string): Promise<TaskRow> {
  // `for update` sees only tasks the student may still change: theirs, in an open campaign (RLS).
  const [t] = await tx.query<TaskRow>(
    `select t.id, t.status, c.sections, t.opened_sections, true as open, t.confirmed_version_id
     from public.confirmation_tasks t join public.campaigns c on c.id = t.campaign_id
     where t.id = $1 and t.student_id = $2 for update of t`,
    [taskId, studentId],
  );
  if (t) return t;
  const [ro] = await tx.query<TaskRow>(
    `select t.id, t.status, c.sections, t.opened_sections, (c.status = 'open' and now() between c.opens_at and c.closes_at) as open, t.confirmed_version_id
     from public.confirmation_tasks t join public.campaigns c on c.id = t.campaign_id where t.id = $1`,
    [taskId],
  );
  if (!ro) throw new AppError('not_found', { userMessage: 'confirm.errors.noTask' });
  if (ro.status === 'confirmed') return ro;
  throw new AppError('conflict', { userMessage: ro.open ? 'confirm.errors.notEditable' : 'confirm.errors.closed' });
}

/** Records that the student opened a section: "all correct" needs every section seen first. */
export async function openSection({ access, input }: { access: Access | null; input: { taskId: string; section: string } }): Promise<string[]> {
  const me = requireRole(access, 'student');
  const { taskId, section } = ZOpenSection.parse(input);
  return withRls(me.ctx, async (tx) => {
    const t = await lockMyTask(tx, me.student!.id, taskId);
    if (t.status === 'confirmed' || t.opened_sections.includes(section)) return t.opened_sections;
    const [row] = await tx.query<{ opened_sections: string[] }>(
      `update public.confirmation_tasks set opened_sections = array_append(opened_sections, $2), updated_at = now() where id = $1 returning opened_sections`,
      [taskId, section],
    );
    return row!.opened_sections;
  });
}

/**
 * "All correct": records exactly which verified version was confirmed. Confirming again returns
 * the first confirmation; after the deadline or outside the campaign's scope there is no task to
 * confirm (RLS hides it).
 */
export async function confirmTask({
  access,
  input,
}: {
  access: Access | null;
  input: { taskId: string; idempotencyKey?: string };
}): Promise<{ versionId: string; duplicate: boolean }> {
  const me = requireRole(access, 'student');
  const { taskId, idempotencyKey } = ZConfirm.parse(input);
  return withRls(me.ctx, (tx) =>
    // A retry with the same key answers what the first call did (no statement without a key).
    once(tx, { userId: me.user.id, verb: 'confirmation.confirm', key: idempotencyKey, input: { taskId } }, async () => {
      // Lock, checks, the version pin and the audit event in one statement (security invoker, so
      // the task policies decide as they did for the separate statements; decision 130).
      const [row] = await tx.query<{ r: ConfirmResult | string }>('select app.confirm_task($1, $2, $3, $4) as r', [
        taskId,
        me.student!.id,
        me.ctx.ip ?? null,
        me.ctx.userAgent ?? null,
      ]);
      const r = (typeof row!.r === 'string' ? JSON.parse(row!.r) : row!.r) as ConfirmResult;
      if ('error' in r) throw confirmError(r);
      return { versionId: r.version_id, duplicate: r.duplicate };
    }),
  );
}

/**
 * POST /api/v1/confirm for a signed-in person, in one statement (app.confirm_request, decision
 * 141): the `confirm` budget's point, role and claims, the access lookup, the Idempotency-Key and
 * app.confirm_task — one round trip, one transaction. RLS decides as in confirmTask, which stays
 * the verb for everything else (the no-JS form post, tests); this is the same checks and writes.
 *
 * Every request costs one point: the statement spends it whatever it answers, and input refused
 * before the database is reached spends it with `limit()`.
 */
export async function confirmWithBudget(ctx: Ctx & { userId: string }, input: { taskId: string; idempotencyKey?: string }) {
  const subject = `user:${ctx.userId}`;
  const parsed = ZConfirm.safeParse(input);
  const key = parsed.success ? parsed.data.idempotencyKey : undefined;
  if (!parsed.success) {
    await limit('confirm', subject);
    throw parsed.error;
  }
  const { taskId } = parsed.data;
  const { role, claims } = claimsFor(ctx);
  const budget = budgetOf('confirm');
  const db = await getDb();
  const [row] = await db.query<{ r: ConfirmRequestResult | string }>(CONFIRM_REQUEST, [
    role,
    JSON.stringify(claims),
    ctx.sessionId ?? null,
    budgetRowKey('confirm', subject),
    budget.points,
    budget.duration * 1000,
    Date.now(),
    taskId,
    ctx.ip ?? null,
    ctx.userAgent ?? null,
    key ?? null,
    key ? fingerprint({ taskId }) : null,
  ]);
  const r = (typeof row!.r === 'string' ? JSON.parse(row!.r) : row!.r) as ConfirmRequestResult;
  const refusal = refusalOfSpentPoint('confirm', { points: Number(r.budget.points), expire: r.budget.expire === null ? null : Number(r.budget.expire) });
  if (refusal) throw refusal;
  if (r.access === 'none') throw new AppError('unauthenticated');
  if (r.access === 'not_student') throw new AppError('forbidden', { message: 'needs one of student' });
  if (r.replay) {
    if (r.replay.fingerprint !== fingerprint({ taskId }) || !r.replay.result)
      throw new AppError('conflict', { message: 'idempotency key reused for confirmation.confirm', userMessage: 'integrity.idempotencyReused' });
    return r.replay.result.v;
  }
  const c = r.confirm!;
  if ('error' in c) throw confirmError(c);
  return { versionId: c.version_id, duplicate: c.duplicate };
}

const CONFIRM_REQUEST = 'select app.confirm_request($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) as r';

interface ConfirmRequestResult {
  budget: { points: number | string; expire: number | string | null };
  access?: 'none' | 'not_student';
  replay?: { fingerprint: string | null; result: { v: { versionId: string; duplicate: boolean } } | null };
  confirm?: ConfirmResult;
}

type ConfirmResult =
  | { version_id: string; duplicate: boolean }
  | { error: 'not_found' | 'not_editable' | 'closed' | 'correction_pending' | 'not_verified' }
  | { error: 'sections_unopened'; sections: string[] };

function confirmError(r: Extract<ConfirmResult, { error: string }>): AppError {
  switch (r.error) {
    case 'not_found':
      return new AppError('not_found', { userMessage: 'confirm.errors.noTask' });
    case 'not_editable':
      return new AppError('conflict', { userMessage: 'confirm.errors.notEditable' });
    case 'closed':
      return new AppError('conflict', { userMessage: 'confirm.errors.closed' });
    case 'correction_pending':
      return new AppError('conflict', { userMessage: 'confirm.errors.correctionPending' });
    case 'not_verified':
      return new AppError('conflict', { userMessage: 'confirm.errors.notVerified' });
    case 'sections_unopened':
      return new AppError('invalid_input', {
        userMessage: 'confirm.errors.openAllSections',
        fieldErrors: Object.fromEntries(r.sections.map((s) => [s, 'confirm.errors.notOpened'])),
      });
  }
}
