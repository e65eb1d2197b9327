import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { REQUIRED_PHOTOS, type PhotoKind } from '@/lib/identity/documents';
import { maskIdentifier } from '@/lib/identity/mask';
import { NOTICE_VERSION } from '@/lib/identity/notice';
import { ZIdentityForm, type TIdentityForm, type TIdentityValid } from '@/lib/schemas/identity';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { getCipher } from '../crypto';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';
import { AppError, isUniqueViolation } from '../errors';
import { idNumberAad, lockOwnRecord, type RecordRow } from './record';
import { runSubmitChecks } from './submit-checks';
import { loadVersionFields, returnedTargets } from './versions';

export interface SubmitResult {
  versionId: string;
  seq: number;
  state: RecordRow['state'];
  duplicate: boolean;
}

const ZKey = z.uuid();

function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[String(i.path[0] ?? 'form')] ??= i.message;
  return out;
}

/**
 * Submits the student's identity form as a new immutable version, exactly once per idempotency
 * key: a double tap or a retried request after a dropped connection returns the first version.
 */
export async function submitIdentity({
  access,
  input,
}: {
  access: Access | null;
  input: { form: TIdentityForm; idempotencyKey: string };
}): Promise<SubmitResult> {
  const me = requireRole(access, 'student');
  const key = ZKey.safeParse(input.idempotencyKey);
  if (!key.success) throw new AppError('invalid_input', { message: 'idempotency key must be a uuid' });
  try {
    return await withRls(me.ctx, (tx) => submitInTx(tx, me, input.form, key.data));
  } catch (e) {
    // Two requests with one key raced past the lookup: the loser finds the winner's version.
    if (isUniqueViolation(e)) return withRls(me.ctx, async (tx) => (await findByKey(tx, me.student!.id, key.data)) ?? Promise.reject(e));
    throw e;
  }
}

async function findByKey(tx: Tx, studentId: string, key: string): Promise<SubmitResult | null> {
  const [v] = await tx.query<{ id: string; seq: number; state: RecordRow['state'] }>(
    `select v.id, v.seq, r.state from public.identity_versions v join public.identity_records r on r.id = v.record_id
     where v.student_id = $1 and v.idempotency_key = $2`,
    [studentId, key],
  );
  return v ? { versionId: v.id, seq: v.seq, state: v.state, duplicate: true } : null;
}

async function submitInTx(tx: Tx, me: Access, input: TIdentityForm, key: string): Promise<SubmitResult> {
  const studentId = me.student!.id;
  const record = await lockOwnRecord(tx, studentId);
  const earlier = await findByKey(tx, studentId, key);
  if (earlier) return earlier;
  if (record.state !== 'draft' && record.state !== 'returned') {
    throw new AppError('conflict', { userMessage: 'identity.errors.alreadySubmitted', message: `submit in state ${record.state}` });
  }
  const previous = record.state === 'returned' ? await loadVersionFields(tx, record.current_version_id!) : null;
  const targets = previous ? await returnedTargets(tx, record.id) : null;
  const parsed = ZIdentityForm.safeParse(previous && targets ? mergeReturned(input, previous.fields, targets.fields) : input);
  if (!parsed.success) throw new AppError('invalid_input', { userMessage: 'identity.errors.fixFields', fieldErrors: fieldErrors(parsed.error.issues) });
  const form = parsed.data;
  const [consent] = await tx.query('select 1 from public.consents where student_id = $1 and notice_version = $2', [studentId, NOTICE_VERSION]);
  if (!consent) throw new AppError('invalid_input', { userMessage: 'identity.errors.noticeRequired' });

  const photos = await tx.query<{ id: string; kind: PhotoKind }>(
    `select distinct on (kind) id, kind from public.documents
     where student_id = $1 and status = 'ready' and kind <> 'evidence' order by kind, created_at desc`,
    [studentId],
  );
  const required = REQUIRED_PHOTOS[form.idType];
  const photoByKind = new Map(photos.filter((p) => required.includes(p.kind)).map((p) => [p.kind, p.id]));
  const missing = required.filter((k) => !photoByKind.has(k));
  if (missing.length) {
    throw new AppError('invalid_input', {
      userMessage: 'identity.errors.photosMissing',
      fieldErrors: Object.fromEntries(missing.map((k) => [`photo:${k}`, 'photo.errors.required'])),
    });
  }
  if (previous && targets) {
    // Photos that were not returned stay those of the previous version; returned ones must be new.
    for (const [kind, docId] of Object.entries(previous.photos) as [PhotoKind, string][]) {
      if (!targets.photos.has(kind) && required.includes(kind)) photoByKind.set(kind, docId);
    }
    const stale = [...targets.photos].filter((k) => photoByKind.get(k as PhotoKind) === previous.photos[k]);
    if (stale.length) {
      throw new AppError('invalid_input', {
        userMessage: 'identity.errors.retakePhotos',
        fieldErrors: Object.fromEntries(stale.map((k) => [`photo:${k}`, 'photo.errors.retake'])),
      });
    }
  }

  const versionId = randomUUID();
  const cipher = getCipher();
  const [{ seq }] = (await tx.query<{ seq: number }>('select coalesce(max(seq), 0) + 1 as seq from public.identity_versions where record_id = $1', [
    record.id,
  ])) as [{ seq: number }];
  await tx.query(
    `insert into public.identity_versions (id, record_id, student_id, seq, idempotency_key, legal_name, latin_name, sex, birth_date, ethnicity,
       id_type, id_issuing_country, id_number_enc, id_number_bidx, id_number_mask, phone, email, submitted_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      versionId,
      record.id,
      studentId,
      seq,
      key,
      form.legalName,
      form.latinName,
      form.sex,
      form.birthDate,
      form.ethnicity,
      form.idType,
      form.idIssuingCountry,
      cipher.encrypt(form.idNumber, idNumberAad.version(versionId)),
      cipher.blindIndex(form.idNumber, 'id_number'),
      maskIdentifier(form.idNumber),
      form.phone,
      form.email,
      me.user.id,
    ],
  );
  for (const [kind, documentId] of photoByKind) {
    await tx.query('insert into public.version_documents (version_id, document_id, kind) values ($1, $2, $3)', [versionId, documentId, kind]);
  }
  for (const c of runSubmitChecks(form, new Set(photoByKind.keys()))) {
    await tx.query(
      `insert into public.checks (version_id, rule, field, severity, code, visible_to_student, details) values ($1, $2, $3, $4, $5, true, $6::text::jsonb)`,
      [versionId, c.rule, c.field, c.severity, c.code, JSON.stringify(c.details ?? {})],
    );
  }
  const kind = record.state === 'returned' ? 'resubmitted' : 'submitted';
  await tx.query(`insert into public.review_events (record_id, version_id, actor_id, kind, visible_to_student) values ($1, $2, $3, $4, true)`, [
    record.id,
    versionId,
    me.user.id,
    kind,
  ]);
  const [updated] = await tx.query<{ state: RecordRow['state'] }>(
    `update public.identity_records set state = 'submitted', current_version_id = $2, submitted_at = now(),
       draft = '{}'::jsonb, draft_id_number_enc = null, draft_updated_at = null
     where id = $1 returning state`,
    [record.id, versionId],
  );
  await audit(tx, me.ctx, {
    action: `identity.${kind === 'submitted' ? 'submit' : 'resubmit'}`,
    entityType: 'identity_record',
    entityId: record.id,
    actorRole: 'student',
    details: { version_id: versionId, seq },
  });
  return { versionId, seq, state: updated!.state, duplicate: false };
}

/**
 * After a return the student changes only what the reviewer returned (the form shows the rest
 * read-only); the server takes every other field from the previous version, whatever was sent.
 */
function mergeReturned(input: TIdentityForm, previous: TIdentityValid, returned: Set<string>): TIdentityForm {
  const merged: Record<string, unknown> = { ...input };
  for (const [field, value] of Object.entries(previous)) {
    if (!returned.has(field)) merged[field] = value ?? '';
  }
  return merged as TIdentityForm;
}
