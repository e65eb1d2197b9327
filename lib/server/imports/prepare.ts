import 'server-only';
import { maskIdentifier } from '@/lib/identity/mask';
import type { getCipher } from '../crypto';
import type { PreparedAdmissions, PreparedRegistrar } from './upsert';
import type { AdmissionsRecord, RegistrarRecord } from './validate';

// A validated record as stored: the ID number encrypted, blind-indexed and masked; the row hashed.
export type Cipher = ReturnType<typeof getCipher>;

// The row hash is keyed (the blind-index HMAC): a plain hash of a row would let anyone holding the
// table test guesses of the ID number it contains.
function rowHash(cipher: Cipher, table: string, values: unknown[]): string {
  return cipher.blindIndex(JSON.stringify(values), `${table}.row`);
}

export function prepareRegistrar(cipher: Cipher, r: RegistrarRecord): PreparedRegistrar {
  return {
    student_number: r.studentNumber,
    name: r.name,
    sex: r.sex,
    birth_date: r.birthDate,
    id_type: r.idType,
    // aad binds the ciphertext to its row: copied into another student's record it fails to decrypt.
    id_number_enc: cipher.encrypt(r.idNumber, `registrar_records.id_number:${r.studentNumber}`),
    // Same domain as the submissions' index, so a submitted number finds its registrar record.
    id_number_bidx: cipher.blindIndex(r.idNumber, 'id_number'),
    id_number_mask: maskIdentifier(r.idNumber),
    ethnicity: r.ethnicity,
    department_id: r.departmentId,
    major: r.major,
    cohort: r.cohort,
    status: r.status,
    class_name: r.className,
    email: r.email,
    phone: r.phone,
    row_hash: rowHash(cipher, 'registrar_records', [
      r.studentNumber,
      r.name,
      r.sex,
      r.birthDate,
      r.idType,
      r.idNumber,
      r.ethnicity,
      r.departmentId,
      r.major,
      r.cohort,
      r.status,
    ]),
  };
}

export function prepareAdmissions(cipher: Cipher, r: AdmissionsRecord): PreparedAdmissions {
  return {
    exam_number: r.examNumber,
    name: r.name,
    sex: r.sex,
    birth_date: r.birthDate,
    id_number_enc: cipher.encrypt(r.idNumber, `admissions_records.id_number:${r.examNumber}`),
    id_number_bidx: cipher.blindIndex(r.idNumber, 'id_number'),
    id_number_mask: maskIdentifier(r.idNumber),
    department_id: r.departmentId,
    major: r.major,
    admission_year: r.admissionYear,
    row_hash: rowHash(cipher, 'admissions_records', [r.examNumber, r.name, r.sex, r.birthDate, r.idNumber, r.departmentId, r.major, r.admissionYear]),
  };
}
