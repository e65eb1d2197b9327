import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { caseActor } from '../compare/compare-version';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';
import { getEnv } from '../env';
import { AppError } from '../errors';

/**
 * Claims: a reviewer takes a submission so that two people do not review it at once ("unclear
 * responsibility" → assignment). A claim lasts while it is used: any activity on the review
 * refreshes claimed_at; one idle longer than REVIEW_CLAIM_IDLE_MINUTES may be taken over. While
 * someone else's claim is live, nobody else can claim or decide (decide checks the same rule).
 * Claims do not change the record's revision (see the migration's trigger), so a reviewer's own
 * activity never makes their decision look stale.
 */

export interface ClaimOptions {
  /** Defaults to getEnv().review.claimIdleMinutes; tests inject a value. */
  claimIdleMinutes?: number;
}

export interface LockedClaim {
  id: string;
  state: string;
  revision: number;
  current_version_id: string | null;
  return_count: number;
  assigned_to: string | null;
  student_id: string;
  department_id: string;
  /** the claim is someone's and was used within the idle limit */
  live: boolean;
}

/** The record locked for this transaction, with whether its claim is still live. */
export async function lockForReview(tx: Tx, recordId: string, opts: ClaimOptions = {}): Promise<LockedClaim | null> {
  const idle = opts.claimIdleMinutes ?? getEnv().review.claimIdleMinutes;
  const [rec] = await tx.query<LockedClaim>(
    `select id, state, revision, current_version_id, return_count, assigned_to, student_id, department_id,
            coalesce(assigned_to is not null and claimed_at > now() - make_interval(mins => $2::int), false) as live
     from public.identity_records where id = $1 for update`,
    [recordId, idle],
  );
  return rec ?? null;
}

/** Refused while another person's claim is live. */
export function assertNotClaimedByOther(rec: LockedClaim, userId: string): void {
  if (rec.live && rec.assigned_to !== userId) {
    throw new AppError('conflict', { userMessage: 'review.errors.claimedByOther', message: `record ${rec.id} is claimed by ${rec.assigned_to}` });
  }
}

/** Any activity on a review keeps the actor's own claim alive. */
export async function touchClaim(tx: Tx, recordId: string, userId: string): Promise<void> {
  await tx.query('update public.identity_records set claimed_at = now() where id = $1 and assigned_to = $2', [recordId, userId]);
}

const ZRecord = z.object({ recordId: z.uuid() });
const CLAIMABLE = ['submitted', 'in_review', 'escalated'];

export interface ClaimResult {
  state: string;
  revision: number;
  /** the user whose idle claim was taken over, if any */
  tookOverFrom: string | null;
}

export async function claimReview({
  access,
  input,
  options,
}: {
  access: Access | null;
  input: z.input<typeof ZRecord>;
  options?: ClaimOptions;
}): Promise<ClaimResult> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const parsed = ZRecord.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input');
  const actor = caseActor(me);
  return withRls(me.ctx, async (tx) => {
    const rec = await lockForReview(tx, parsed.data.recordId, options);
    if (!rec) throw new AppError('not_found');
    if (!CLAIMABLE.includes(rec.state)) throw new AppError('conflict', { userMessage: 'review.errors.notReviewable' });
    assertNotClaimedByOther(rec, me.user.id);
    if (rec.assigned_to === me.user.id) {
      await touchClaim(tx, rec.id, me.user.id);
      return { state: rec.state, revision: rec.revision, tookOverFrom: null };
    }
    const tookOverFrom = rec.assigned_to;
    const [updated] = await tx.query<{ state: string; revision: number }>(
      `update public.identity_records set assigned_to = $2, claimed_at = now(),
         state = case when state = 'submitted' then 'in_review' else state end
       where id = $1 returning state, revision`,
      [rec.id, me.user.id],
    );
    await tx.query(`insert into public.review_events (record_id, version_id, actor_id, kind, visible_to_student) values ($1, $2, $3, 'claimed', false)`, [
      rec.id,
      rec.current_version_id,
      me.user.id,
    ]);
    await audit(tx, me.ctx, {
      action: 'review.claim',
      entityType: 'identity_record',
      entityId: rec.id,
      actorRole: actor.role,
      details: { took_over_from: tookOverFrom },
    });
    return { state: updated!.state, revision: updated!.revision, tookOverFrom };
  });
}

/** Gives one's own claim back: the submission returns to the queue as waiting. */
export async function releaseReview({
  access,
  input,
}: {
  access: Access | null;
  input: z.input<typeof ZRecord>;
}): Promise<{ state: string; revision: number }> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const parsed = ZRecord.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input');
  const actor = caseActor(me);
  return withRls(me.ctx, async (tx) => {
    const rec = await lockForReview(tx, parsed.data.recordId);
    if (!rec) throw new AppError('not_found');
    if (rec.assigned_to !== me.user.id) throw new AppError('conflict', { userMessage: 'review.errors.notYourClaim' });
    const [updated] = await tx.query<{ state: string; revision: number }>(
      `update public.identity_records set assigned_to = null, claimed_at = null,
         state = case when state = 'in_review' then 'submitted' else state end
       where id = $1 returning state, revision`,
      [rec.id],
    );
    await tx.query(`insert into public.review_events (record_id, version_id, actor_id, kind, visible_to_student) values ($1, $2, $3, 'released', false)`, [
      rec.id,
      rec.current_version_id,
      me.user.id,
    ]);
    await audit(tx, me.ctx, { action: 'review.release', entityType: 'identity_record', entityId: rec.id, actorRole: actor.role });
    return { state: updated!.state, revision: updated!.revision };
  });
}
