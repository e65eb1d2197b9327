import 'server-only';
import { ZDecision, type TDecision } from '@/lib/schemas/review';
import { hasRole, requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { getEnv } from '../env';
import { AppError } from '../errors';

export interface DecisionResult {
  state: 'verified' | 'returned' | 'escalated';
  revision: number;
}

/**
 * A reviewer's decision on a submitted record. The decision names the revision it was made on;
 * if anyone changed the record since (another reviewer, a resubmission), it is refused rather than
 * silently overwriting their work.
 */
export async function decideReview({ access, input }: { access: Access | null; input: TDecision }): Promise<DecisionResult> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const parsed = ZDecision.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { userMessage: parsed.error.issues[0]?.message.startsWith('review.') ? parsed.error.issues[0].message : 'errors.invalid_input' });
  const d = parsed.data;
  const role = hasRole(me, 'registrar') ? 'registrar' : 'reviewer';
  return withRls(me.ctx, async (tx) => {
    const [rec] = await tx.query<{ id: string; state: string; revision: number; current_version_id: string | null; return_count: number }>(
      'select id, state, revision, current_version_id, return_count from public.identity_records where id = $1 for update',
      [d.recordId],
    );
    if (!rec) throw new AppError('not_found');
    if (rec.revision !== d.revision) throw new AppError('conflict', { userMessage: 'review.errors.changedMeanwhile', message: `revision ${d.revision} != ${rec.revision}` });
    if (!['submitted', 'in_review', 'escalated'].includes(rec.state)) throw new AppError('conflict', { userMessage: 'review.errors.notReviewable' });

    let state: DecisionResult['state'];
    let returnCount = rec.return_count;
    if (d.decision === 'verify') state = 'verified';
    else if (d.decision === 'escalate') state = 'escalated';
    else {
      returnCount += 1;
      // A record returned this many times goes to the verification office instead of bouncing on.
      state = returnCount >= getEnv().identity.maxReturns && rec.state !== 'escalated' ? 'escalated' : 'returned';
    }
    const [updated] = await tx.query<{ revision: number }>(
      `update public.identity_records set state = $2, return_count = $3,
         verified_version_id = case when $2 = 'verified' then current_version_id else verified_version_id end,
         assigned_to = null, claimed_at = null
       where id = $1 returning revision`,
      [rec.id, state, returnCount],
    );
    const reasons = d.decision === 'return' ? d.reasons : [];
    const kind = d.decision === 'return' && state === 'escalated' ? 'escalated' : state;
    await tx.query(
      `insert into public.review_events (record_id, version_id, actor_id, kind, reasons, comment, visible_to_student)
       values ($1, $2, $3, $4, $5::text::jsonb, $6, $7)`,
      [rec.id, rec.current_version_id, me.user.id, kind, JSON.stringify(reasons), d.comment ?? null, kind !== 'escalated'],
    );
    await audit(tx, me.ctx, {
      action: `review.${d.decision}`, entityType: 'identity_record', entityId: rec.id, actorRole: role,
      details: { version_id: rec.current_version_id, state, reasons: reasons.map((r) => `${r.target}:${r.code}`) },
    });
    return { state, revision: updated!.revision };
  });
}
