import 'server-only';
import type { TIdentityValid } from '@/lib/schemas/identity';
import { getCipher } from '../crypto';
import type { Tx } from '../db/types';
import { idNumberAad } from './record';

interface VersionRow {
  id: string;
  seq: number;
  legal_name: string;
  latin_name: string | null;
  sex: 'male' | 'female';
  birth_date: string;
  ethnicity: string;
  id_type: TIdentityValid['idType'];
  id_issuing_country: string | null;
  id_number_enc: string;
  id_number_mask: string;
  phone: string;
  email: string;
  created_at: Date;
}

/** A version's fields as the form knows them (ID number decrypted — callers must not display it unmasked). */
export async function loadVersionFields(
  tx: Tx,
  versionId: string,
): Promise<{ seq: number; fields: TIdentityValid; idNumberMask: string; photos: Record<string, string>; createdAt: Date }> {
  const [v] = await tx.query<VersionRow>(
    `select id, seq, legal_name, latin_name, sex, to_char(birth_date, 'YYYY-MM-DD') as birth_date, ethnicity, id_type, id_issuing_country,
            id_number_enc, id_number_mask, phone, email, created_at
     from public.identity_versions where id = $1`,
    [versionId],
  );
  if (!v) throw new Error(`version ${versionId} not visible`);
  const docs = await tx.query<{ kind: string; document_id: string }>('select kind, document_id from public.version_documents where version_id = $1', [
    versionId,
  ]);
  return {
    seq: v.seq,
    idNumberMask: v.id_number_mask,
    createdAt: v.created_at,
    photos: Object.fromEntries(docs.map((d) => [d.kind, d.document_id])),
    fields: {
      legalName: v.legal_name,
      latinName: v.latin_name,
      sex: v.sex,
      birthDate: v.birth_date,
      ethnicity: v.ethnicity,
      idType: v.id_type,
      idNumber: getCipher().decrypt(v.id_number_enc, idNumberAad.version(v.id)),
      idIssuingCountry: v.id_issuing_country,
      phone: v.phone,
      email: v.email,
    },
  };
}

export interface ReturnReason {
  target: string;
  code: string;
  comment?: string;
}

/** What the latest return asked the student to change: "field:legalName", "document:id_front". */
export async function returnedTargets(
  tx: Tx,
  recordId: string,
): Promise<{ fields: Set<string>; photos: Set<string>; reasons: ReturnReason[]; comment: string | null }> {
  const [ev] = await tx.query<{ reasons: ReturnReason[] | string; comment: string | null }>(
    `select reasons, comment from public.review_events where record_id = $1 and kind = 'returned' order by created_at desc limit 1`,
    [recordId],
  );
  const reasons: ReturnReason[] = ev ? (typeof ev.reasons === 'string' ? JSON.parse(ev.reasons) : ev.reasons) : [];
  return {
    fields: new Set(reasons.filter((r) => r.target.startsWith('field:')).map((r) => r.target.slice(6))),
    photos: new Set(reasons.filter((r) => r.target.startsWith('document:')).map((r) => r.target.slice(9))),
    reasons,
    comment: ev?.comment ?? null,
  };
}
