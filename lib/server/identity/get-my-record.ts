import 'server-only';
import { maskIdentifier } from '@/lib/identity/mask';
import { NOTICE_VERSION } from '@/lib/identity/notice';
import type { TIdentityDraft } from '@/lib/schemas/identity';
import { requireRole, type Access } from '../auth/access';
import { getCipher } from '../crypto';
import { withRls } from '../db/rls';
import { findOwnRecord, idNumberAad, type RecordRow } from './record';
import { loadVersionFields, returnedTargets, type ReturnReason } from './versions';

export interface TimelineEvent {
  kind: string;
  at: Date;
}

export interface MyRecord {
  state: RecordRow['state'] | 'none';
  revision: number;
  returnCount: number;
  noticeAccepted: boolean;
  /** What the form starts from: the draft, else the current version (returned records). */
  form: TIdentityDraft;
  draftSavedAt: Date | null;
  current: { seq: number; submittedAt: Date; idNumberMask: string; fields: Omit<TIdentityDraft, 'idNumber'> } | null;
  returned: { reasons: ReturnReason[]; comment: string | null } | null;
  timeline: TimelineEvent[];
  photos: { kind: string; documentId: string; createdAt: Date }[];
}

/** Everything the student's home and form show, read through RLS as the student. */
export async function getMyRecord({ access }: { access: Access | null }): Promise<MyRecord> {
  const me = requireRole(access, 'student');
  const studentId = me.student!.id;
  return withRls(me.ctx, async (tx) => {
    const record = await findOwnRecord(tx, studentId);
    const [notice] = await tx.query('select 1 from public.consents where student_id = $1 and notice_version = $2', [studentId, NOTICE_VERSION]);
    const photos = await tx.query<{ kind: string; id: string; created_at: Date }>(
      `select distinct on (kind) kind, id, created_at from public.documents
       where student_id = $1 and status = 'ready' and kind <> 'evidence' order by kind, created_at desc`,
      [studentId],
    );
    const base = { noticeAccepted: !!notice, photos: photos.map((p) => ({ kind: p.kind, documentId: p.id, createdAt: p.created_at })) };
    if (!record) {
      return { ...base, state: 'none', revision: 0, returnCount: 0, form: {}, draftSavedAt: null, current: null, returned: null, timeline: [] };
    }
    const cipher = getCipher();
    const current = record.current_version_id ? await loadVersionFields(tx, record.current_version_id) : null;
    const draftIdNumber = record.draft_id_number_enc ? cipher.decrypt(record.draft_id_number_enc, idNumberAad.draft(record.id)) : undefined;
    const hasDraft = record.draft_updated_at !== null;
    const form: TIdentityDraft = hasDraft
      ? { ...(record.draft as TIdentityDraft), idNumber: draftIdNumber }
      : current
        ? withoutIdNumber(current.fields) // the number stays on the server unless it was returned
        : {};
    const events = await tx.query<{ kind: string; created_at: Date }>(
      'select kind, created_at from public.review_events where record_id = $1 order by created_at',
      [record.id],
    );
    const returned = record.state === 'returned' ? await returnedTargets(tx, record.id) : null;
    return {
      ...base,
      state: record.state,
      revision: record.revision,
      returnCount: record.return_count,
      form,
      draftSavedAt: record.draft_updated_at,
      current: current
        ? {
            seq: current.seq,
            submittedAt: current.createdAt,
            idNumberMask: maskIdentifier(current.fields.idNumber),
            fields: withoutIdNumber(current.fields),
          }
        : null,
      returned: returned ? { reasons: returned.reasons, comment: returned.comment } : null,
      timeline: events.map((e) => ({ kind: e.kind, at: e.created_at })),
    };
  });
}

function withoutIdNumber<T extends { idNumber?: string; latinName?: string | null; idIssuingCountry?: string | null }>(f: T) {
  const { idNumber: _omit, ...rest } = f;
  return { ...rest, latinName: rest.latinName ?? '', idIssuingCountry: rest.idIssuingCountry ?? '' };
}
