import 'server-only';
import { getCipher } from '../../crypto';
import type { Tx } from '../../db/types';
import { idNumberAad } from '../../identity/record';

export interface DossierVersion {
  id: string;
  seq: number;
  source: string;
  createdAt: string;
  legalName: string;
  latinName: string | null;
  sex: string;
  birthDate: string;
  ethnicity: string;
  idType: string;
  idIssuingCountry: string | null;
  idNumberMask: string;
  phone: string;
  email: string;
  documents: { kind: string; documentId: string }[];
}
export interface DossierDocument {
  id: string;
  kind: string;
  objectKey: string | null;
  thumbKey: string | null;
  sha256: string | null;
  mime: string | null;
  bytes: number | null;
  createdAt: string;
}
export interface DossierData {
  student: { id: string; studentNumber: string; name: string; cohort: number; departmentZh: string; departmentCode: string };
  record: { id: string; state: string; verifiedVersionId: string | null; currentVersionId: string | null } | null;
  /** The full ID number of the verified (else current) version: the office's registration form carries it. */
  idNumber: string | null;
  versions: DossierVersion[];
  reviewEvents: {
    id: string;
    kind: string;
    versionId: string | null;
    actorId: string | null;
    actorName: string | null;
    reasons: unknown;
    comment: string | null;
    createdAt: string;
  }[];
  corrections: { id: string; status: string; changes: unknown; reason: string; decidedBy: string | null; decidedAt: string | null; createdAt: string }[];
  cases: {
    id: string;
    kind: string;
    status: string;
    outcome: string | null;
    openedAt: string;
    closedAt: string | null;
    events: { kind: string; actorName: string | null; body: string | null; createdAt: string }[];
  }[];
  consents: { noticeVersion: string; acknowledgedAt: string }[];
  documents: DossierDocument[];
}

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d == null ? null : new Date(String(d)).toISOString());
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/**
 * Everything the archive holds about one student, read in the caller's RLS transaction: what the
 * caller may not see is simply absent (cases of a reviewer not involved in them), and a student
 * outside the caller's departments is not found at all.
 */
export async function loadDossier(tx: Tx, studentId: string, opts: { forStudent?: boolean; revealIdNumber?: boolean } = {}): Promise<DossierData | null> {
  const [s] = await tx.query<{ id: string; student_number: string; name: string; cohort: number; name_zh: string; code: string }>(
    `select s.id, s.student_number, s.name, s.cohort, d.name_zh, d.code from public.students s
     join public.departments d on d.id = s.department_id where s.id = $1`,
    [studentId],
  );
  if (!s) return null;
  const [r] = await tx.query<{ id: string; state: string; verified_version_id: string | null; current_version_id: string | null }>(
    'select id, state, verified_version_id, current_version_id from public.identity_records where student_id = $1',
    [studentId],
  );
  const vrows = await tx.query<Record<string, unknown>>(
    `select v.id, v.seq, v.source, v.created_at, v.legal_name, v.latin_name, v.sex, to_char(v.birth_date, 'YYYY-MM-DD') as birth_date,
            v.ethnicity, v.id_type, v.id_issuing_country, v.id_number_mask, v.id_number_enc, v.phone, v.email,
            coalesce((select json_agg(json_build_object('kind', vd.kind, 'documentId', vd.document_id) order by vd.kind)
                      from public.version_documents vd where vd.version_id = v.id), '[]'::json) as documents
     from public.identity_versions v where v.student_id = $1 order by v.seq`,
    [studentId],
  );
  const versions: DossierVersion[] = vrows.map((v) => ({
    id: String(v.id),
    seq: Number(v.seq),
    source: String(v.source),
    createdAt: iso(v.created_at)!,
    legalName: String(v.legal_name),
    latinName: (v.latin_name as string | null) ?? null,
    sex: String(v.sex),
    birthDate: String(v.birth_date),
    ethnicity: String(v.ethnicity),
    idType: String(v.id_type),
    idIssuingCountry: (v.id_issuing_country as string | null) ?? null,
    idNumberMask: String(v.id_number_mask),
    phone: String(v.phone),
    email: String(v.email),
    documents: json(v.documents),
  }));
  const main = vrows.find((v) => v.id === (r?.verified_version_id ?? r?.current_version_id));
  const enc = main ? String(main.id_number_enc) : '';
  // Redacted shells carry no ciphertext; an auditor's copy shows the mask only.
  const idNumber = main && enc && opts.revealIdNumber !== false ? getCipher().decrypt(enc, idNumberAad.version(String(main.id))) : null;
  const events = r
    ? await tx.query<Record<string, unknown>>(
        `select id, kind, version_id, actor_id, ${opts.forStudent ? 'null' : 'app.staff_display_name(actor_id)'} as actor_name, reasons, comment, created_at
     from public.review_events where record_id = $1 order by created_at, id`,
        [r.id],
      )
    : [];
  const corr = await tx.query<Record<string, unknown>>(
    `select id, status, changes, reason, decided_by, decided_at, created_at from public.correction_requests where student_id = $1 order by created_at`,
    [studentId],
  );
  const cases = opts.forStudent
    ? []
    : await tx.query<Record<string, unknown>>(
        `select c.id, c.kind, c.status, c.outcome, c.opened_at, c.closed_at,
            coalesce((select json_agg(json_build_object('kind', e.kind, 'actorName', app.staff_display_name(e.actor_id), 'body', e.body, 'createdAt', e.created_at) order by e.created_at)
                      from public.case_events e where e.case_id = c.id), '[]'::json) as events
     from public.cases c where c.student_id = $1 order by c.opened_at`,
        [studentId],
      );
  const consents = await tx.query<{ notice_version: string; acknowledged_at: Date }>(
    'select notice_version, acknowledged_at from public.consents where student_id = $1 order by acknowledged_at',
    [studentId],
  );
  const docs = await tx.query<Record<string, unknown>>(
    `select id, kind, object_key, thumb_key, sha256, mime, bytes, created_at from public.documents
     where student_id = $1 and status = 'ready' order by created_at, id`,
    [studentId],
  );
  return {
    student: { id: s.id, studentNumber: s.student_number, name: s.name, cohort: s.cohort, departmentZh: s.name_zh, departmentCode: s.code },
    record: r ? { id: r.id, state: r.state, verifiedVersionId: r.verified_version_id, currentVersionId: r.current_version_id } : null,
    idNumber,
    versions,
    reviewEvents: events.map((e) => ({
      id: String(e.id),
      kind: String(e.kind),
      versionId: (e.version_id as string | null) ?? null,
      actorId: (e.actor_id as string | null) ?? null,
      actorName: (e.actor_name as string | null) ?? null,
      reasons: json(e.reasons),
      comment: (e.comment as string | null) ?? null,
      createdAt: iso(e.created_at)!,
    })),
    corrections: corr.map((c) => ({
      id: String(c.id),
      status: String(c.status),
      changes: json(c.changes),
      reason: String(c.reason),
      decidedBy: (c.decided_by as string | null) ?? null,
      decidedAt: iso(c.decided_at),
      createdAt: iso(c.created_at)!,
    })),
    cases: cases.map((c) => ({
      id: String(c.id),
      kind: String(c.kind),
      status: String(c.status),
      outcome: (c.outcome as string | null) ?? null,
      openedAt: iso(c.opened_at)!,
      closedAt: iso(c.closed_at),
      events: json(c.events),
    })),
    consents: consents.map((c) => ({ noticeVersion: c.notice_version, acknowledgedAt: iso(c.acknowledged_at)! })),
    documents: docs.map((d) => ({
      id: String(d.id),
      kind: String(d.kind),
      objectKey: (d.object_key as string | null) ?? null,
      thumbKey: (d.thumb_key as string | null) ?? null,
      sha256: (d.sha256 as string | null) ?? null,
      mime: (d.mime as string | null) ?? null,
      bytes: d.bytes == null ? null : Number(d.bytes),
      createdAt: iso(d.created_at)!,
    })),
  };
}
