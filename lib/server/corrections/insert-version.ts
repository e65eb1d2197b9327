import 'server-only';
import { randomUUID } from 'node:crypto';
import { maskIdentifier } from '@/lib/identity/mask';
import type { TIdentityValid } from '@/lib/schemas/identity';
import { getCipher } from '../crypto';
import type { Tx } from '../db/types';
import { idNumberAad } from '../identity/record';

/** Writes a new immutable version (self-service change or approved correction), photos carried over. */
export async function insertVersion(
  tx: Tx,
  v: {
    recordId: string;
    studentId: string;
    submittedBy: string;
    source: 'self_service' | 'correction';
    fields: TIdentityValid;
    copyDocumentsFrom: string;
  },
): Promise<string> {
  const id = randomUUID();
  const cipher = getCipher();
  const f = v.fields;
  await tx.query(
    `insert into public.identity_versions (id, record_id, student_id, seq, idempotency_key, source, legal_name, latin_name, sex, birth_date, ethnicity,
       id_type, id_issuing_country, id_number_enc, id_number_bidx, id_number_mask, phone, email, submitted_by)
     values ($1, $2, $3, (select coalesce(max(seq), 0) + 1 from public.identity_versions where record_id = $2), $4, $5, $6, $7, $8, $9, $10,
       $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      id,
      v.recordId,
      v.studentId,
      randomUUID(),
      v.source,
      f.legalName,
      f.latinName,
      f.sex,
      f.birthDate,
      f.ethnicity,
      f.idType,
      f.idIssuingCountry,
      cipher.encrypt(f.idNumber, idNumberAad.version(id)),
      cipher.blindIndex(f.idNumber, 'id_number'),
      maskIdentifier(f.idNumber),
      f.phone,
      f.email,
      v.submittedBy,
    ],
  );
  await tx.query(
    `insert into public.version_documents (version_id, document_id, kind) select $1, document_id, kind from public.version_documents where version_id = $2`,
    [id, v.copyDocumentsFrom],
  );
  return id;
}
