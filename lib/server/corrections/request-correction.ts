import 'server-only';
import { randomUUID } from 'node:crypto';
import { maskIdentifier } from '@/lib/identity/mask';
import { ZCorrectionInput, type TCorrectionInput } from '@/lib/schemas/campaign';
import { IDENTITY_FIELDS, ZIdentityForm, type TIdentityValid } from '@/lib/schemas/identity';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { getCipher } from '../crypto';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';
import { AppError } from '../errors';
import { idNumberAad } from '../identity/record';
import { lockStudentWrites, once } from '../idempotency/internal/once';
import { loadVersionFields } from '../identity/versions';
import { zodFieldErrors } from '../zod-errors';
import { insertVersion } from './insert-version';

type Tier = 'self_service' | 'approval' | 'locked';

export interface CorrectionResult {
  selfServiceApplied: string[];
  requestId: string | null;
  updatedExisting: boolean;
}

/**
 * A student's change to their verified data. Each field follows its tier: self-service fields
 * (phone, email) take effect at once as a new version; approval fields become one pending
 * correction request with evidence (a second request while one is pending updates it); a locked
 * field refuses the whole request, however it was sent.
 *
 * Idempotent and race-safe (decision 120): with `idempotencyKey`, a retry returns the first
 * answer; concurrent requests of one student take turns, so the second sees the first's version
 * (one version, never two). A `taskId` that is not the student's is refused, not ignored.
 */
export async function requestCorrection({ access, input }: { access: Access | null; input: TCorrectionInput }): Promise<CorrectionResult> {
  const me = requireRole(access, 'student');
  const parsed = ZCorrectionInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { fieldErrors: zodFieldErrors(parsed.error.issues) });
  const { changes, reason, evidenceDocumentIds, taskId, idempotencyKey } = parsed.data;
  const studentId = me.student!.id;

  return withRls(me.ctx, async (tx) => {
    await lockStudentWrites(tx, studentId);
    return once(tx, { userId: me.user.id, verb: 'corrections.request', key: idempotencyKey, input: { changes, reason, evidenceDocumentIds, taskId } }, () =>
      requestInTx(tx, me, studentId, { changes, reason, evidenceDocumentIds, taskId }),
    );
  });
}

async function requestInTx(
  tx: Tx,
  me: Access,
  studentId: string,
  { changes, reason, evidenceDocumentIds, taskId }: { changes: Record<string, string>; reason: string; evidenceDocumentIds: string[]; taskId?: string },
): Promise<CorrectionResult> {
  if (taskId) {
    // Never silently ignored: a task of someone else (or none) is a clear refusal.
    const [task] = await tx.query('select id from public.confirmation_tasks where id = $1 and student_id = $2', [taskId, studentId]);
    if (!task) throw new AppError('not_found', { userMessage: 'integrity.taskNotYours', fieldErrors: { taskId: 'integrity.taskNotYours' } });
  }
  const [rec] = await tx.query<{ id: string; department_id: string; verified_version_id: string | null; state: string }>(
    'select id, department_id, verified_version_id, state from public.identity_records where student_id = $1',
    [studentId],
  );
  if (!rec?.verified_version_id || rec.state !== 'verified') throw new AppError('conflict', { userMessage: 'corrections.errors.notVerified' });
  const base = await loadVersionFields(tx, rec.verified_version_id);
  const tiers = new Map((await tx.query<{ field: string; tier: Tier }>('select field, tier from public.field_policies')).map((p) => [p.field, p.tier]));

  const changed: Partial<Record<keyof TIdentityValid, string>> = {};
  const errors: Record<string, string> = {};
  for (const [field, value] of Object.entries(changes)) {
    const tier = tiers.get(field);
    if (!tier || tier === 'locked' || !(IDENTITY_FIELDS as readonly string[]).includes(field)) {
      errors[field] = 'corrections.errors.locked';
      continue;
    }
    if (value !== ((base.fields[field as keyof TIdentityValid] as string | null) ?? '')) changed[field as keyof TIdentityValid] = value;
  }
  if (Object.keys(errors).length) throw new AppError('forbidden', { userMessage: 'corrections.errors.locked', fieldErrors: errors });
  if (!Object.keys(changed).length) throw new AppError('invalid_input', { userMessage: 'corrections.errors.nothingChanged' });

  const merged = ZIdentityForm.safeParse({
    ...base.fields,
    latinName: base.fields.latinName ?? '',
    idIssuingCountry: base.fields.idIssuingCountry ?? '',
    ...changed,
  });
  if (!merged.success) throw new AppError('invalid_input', { userMessage: 'identity.errors.fixFields', fieldErrors: zodFieldErrors(merged.error.issues) });
  const next = merged.data;
  // Compared after normalisation: '13900001111' is the verified '+8613900001111', so sending the
  // same value again (a retry without a key, a second tab) changes nothing and writes no version.
  const fields = (Object.keys(changed) as (keyof TIdentityValid)[]).filter((f) => (next[f] ?? null) !== (base.fields[f] ?? null));
  if (!fields.length) throw new AppError('invalid_input', { userMessage: 'corrections.errors.nothingChanged' });
  const selfFields = fields.filter((f) => tiers.get(f) === 'self_service');
  const approvalFields = fields.filter((f) => tiers.get(f) === 'approval');

  let baseVersionId = rec.verified_version_id;
  if (selfFields.length) {
    const selfValues = { ...base.fields, ...Object.fromEntries(selfFields.map((f) => [f, next[f]])) } as TIdentityValid;
    baseVersionId = await insertVersion(tx, {
      recordId: rec.id,
      studentId,
      submittedBy: me.user.id,
      source: 'self_service',
      fields: selfValues,
      copyDocumentsFrom: rec.verified_version_id,
    });
    await tx.query('select app.apply_self_service($1)', [baseVersionId]);
    await audit(tx, me.ctx, {
      action: 'identity.self_service_change',
      entityType: 'identity_record',
      entityId: rec.id,
      actorRole: 'student',
      details: { fields: selfFields, version_id: baseVersionId },
    });
  }

  let requestId: string | null = null;
  let updatedExisting = false;
  if (approvalFields.length) {
    if (!evidenceDocumentIds.length)
      throw new AppError('invalid_input', {
        userMessage: 'corrections.errors.evidenceRequired',
        fieldErrors: { evidence: 'corrections.errors.evidenceRequired' },
      });
    const diff = Object.fromEntries(
      approvalFields.map((f) => [
        f,
        f === 'idNumber'
          ? { from: base.idNumberMask, to: maskIdentifier(next.idNumber) }
          : { from: (base.fields[f] as string | null) ?? null, to: (next[f] as string | null) ?? null },
      ]),
    );
    const [pending] = await tx.query<{ id: string }>(`select id from public.correction_requests where student_id = $1 and status = 'pending' for update`, [
      studentId,
    ]);
    requestId = pending?.id ?? randomUUID();
    const newIdEnc = approvalFields.includes('idNumber') ? getCipher().encrypt(next.idNumber, idNumberAad.correction(requestId)) : null;
    if (pending) {
      updatedExisting = true;
      await tx.query(
        `update public.correction_requests set changes = $2::text::jsonb, new_id_number_enc = $3, reason = $4, base_version_id = $5, updated_at = now() where id = $1`,
        [requestId, JSON.stringify(diff), newIdEnc, reason, baseVersionId],
      );
    } else {
      await tx.query(
        `insert into public.correction_requests (id, student_id, record_id, department_id, task_id, base_version_id, changes, new_id_number_enc, reason)
           values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9)`,
        [requestId, studentId, rec.id, rec.department_id, taskId ?? null, baseVersionId, JSON.stringify(diff), newIdEnc, reason],
      );
    }
    for (const documentId of evidenceDocumentIds) {
      await tx.query('insert into public.correction_documents (request_id, document_id) values ($1, $2) on conflict do nothing', [requestId, documentId]);
    }
    await tx.query(
      `update public.confirmation_tasks set status = 'correction_pending', correction_request_id = $2, updated_at = now()
         where student_id = $1 and status in ('pending', 'correction_pending') and ($3::uuid is null or id = $3)`,
      [studentId, requestId, taskId ?? null],
    );
    await audit(tx, me.ctx, {
      action: updatedExisting ? 'correction.update' : 'correction.request',
      entityType: 'correction_request',
      entityId: requestId,
      actorRole: 'student',
      details: { fields: approvalFields },
    });
  }
  return { selfServiceApplied: selfFields, requestId, updatedExisting };
}
