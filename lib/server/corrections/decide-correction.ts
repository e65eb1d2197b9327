import 'server-only';
import { z } from 'zod';
import { REASON_CODES } from '@/lib/identity/reason-codes';
import type { TIdentityValid } from '@/lib/schemas/identity';
import { hasRole, requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { getCipher } from '../crypto';
import { lockStudentWrites, once } from '../idempotency/internal/once';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { idNumberAad } from '../identity/record';
import { loadVersionFields } from '../identity/versions';
import { insertVersion } from './insert-version';

const ZDecide = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), requestId: z.uuid(), revision: z.number().int().min(0), comment: z.string().trim().max(1000).optional() }),
  z.object({
    decision: z.literal('reject'),
    requestId: z.uuid(),
    revision: z.number().int().min(0),
    rejectCode: z.enum(REASON_CODES),
    comment: z.string().trim().max(1000).optional(),
  }),
]);

/**
 * A reviewer approves a correction — a new verified version is created from the current verified
 * one plus the requested changes; the old version stays as it was — or rejects it with a reason
 * code. The student is told in the app either way.
 */
export async function decideCorrection({
  access,
  input,
}: {
  access: Access | null;
  input: z.input<typeof ZDecide> & { idempotencyKey?: string };
}): Promise<{ status: 'approved' | 'rejected'; versionId: string | null }> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const parsed = ZDecide.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { userMessage: 'errors.invalid_input' });
  const d = parsed.data;
  const role = hasRole(me, 'registrar') ? 'registrar' : 'reviewer';
  return withRls(me.ctx, (tx) =>
    once(tx, { userId: me.user.id, verb: 'corrections.decide', key: input.idempotencyKey, input: d }, async () => {
      // The student's own writes (a self-service change) take turns with this decision: both add a version.
      const [owner] = await tx.query<{ student_id: string }>('select student_id from public.correction_requests where id = $1', [d.requestId]);
      if (owner) await lockStudentWrites(tx, owner.student_id);
      const [req] = await tx.query<{
        id: string;
        student_id: string;
        record_id: string;
        status: string;
        revision: number;
        task_id: string | null;
        changes: Record<string, { from: string | null; to: string | null }>;
        new_id_number_enc: string | null;
        user_id: string | null;
      }>(
        `select r.id, r.student_id, r.record_id, r.status, r.revision, r.task_id, r.changes, r.new_id_number_enc, s.user_id
       from public.correction_requests r join public.students s on s.id = r.student_id where r.id = $1 for update of r`,
        [d.requestId],
      );
      if (!req) {
        // `for update` sees only pending requests (RLS): one already decided is a conflict, not "missing".
        const [ro] = await tx.query('select 1 from public.correction_requests where id = $1', [d.requestId]);
        throw ro ? new AppError('conflict', { userMessage: 'corrections.errors.alreadyDecided' }) : new AppError('not_found');
      }
      if (req.status !== 'pending') throw new AppError('conflict', { userMessage: 'corrections.errors.alreadyDecided' });
      if (req.revision !== d.revision) throw new AppError('conflict', { userMessage: 'review.errors.changedMeanwhile' });

      let versionId: string | null = null;
      if (d.decision === 'approve') {
        const [rec] = await tx.query<{ verified_version_id: string }>('select verified_version_id from public.identity_records where id = $1 for update', [
          req.record_id,
        ]);
        const current = await loadVersionFields(tx, rec!.verified_version_id);
        const fields = { ...current.fields } as Record<string, unknown>;
        for (const [field, change] of Object.entries(req.changes))
          fields[field] = field === 'idNumber' ? getCipher().decrypt(req.new_id_number_enc!, idNumberAad.correction(req.id)) : change.to;
        versionId = await insertVersion(tx, {
          recordId: req.record_id,
          studentId: req.student_id,
          submittedBy: me.user.id,
          source: 'correction',
          fields: fields as TIdentityValid,
          copyDocumentsFrom: rec!.verified_version_id,
        });
        await tx.query('update public.identity_records set current_version_id = $2, verified_version_id = $2 where id = $1', [req.record_id, versionId]);
      }
      await tx.query(
        `update public.correction_requests set status = $2, decided_by = $3, decided_at = now(), reject_code = $4, reject_comment = $5, result_version_id = $6, updated_at = now() where id = $1`,
        [req.id, d.decision === 'approve' ? 'approved' : 'rejected', me.user.id, d.decision === 'reject' ? d.rejectCode : null, d.comment ?? null, versionId],
      );
      // An approved correction completes the student's confirmation; a rejected one sends it back.
      await tx.query(
        `update public.confirmation_tasks set status = $2, confirmed_at = case when $2 = 'confirmed' then now() end,
         confirmed_version_id = $3, correction_request_id = null, updated_at = now() where correction_request_id = $1`,
        [req.id, d.decision === 'approve' ? 'confirmed' : 'pending', versionId],
      );
      if (req.user_id) {
        await tx.query(
          `insert into public.notifications (user_id, kind, params, idempotency_key) values ($1, 'correction_outcome', $2::text::jsonb, $3) on conflict (idempotency_key) do nothing`,
          [
            req.user_id,
            JSON.stringify({ request_id: req.id, outcome: d.decision, reject_code: d.decision === 'reject' ? d.rejectCode : null }),
            `correction:${req.id}`,
          ],
        );
      }
      await audit(tx, me.ctx, {
        action: `correction.${d.decision}`,
        entityType: 'correction_request',
        entityId: req.id,
        actorRole: role,
        details: { fields: Object.keys(req.changes), version_id: versionId },
      });
      return { status: d.decision === 'approve' ? 'approved' : 'rejected', versionId };
    }),
  );
}
