import 'server-only';
import type { ShareField } from '@/lib/domain/sharing';
import { getCipher } from '../../crypto';
import { idNumberAad } from '../../identity/record';

/** A row of public.office_students (or the JSON of app.office_student_payload). */
export interface SharedRow {
  student_id: string;
  version_id: string;
  changed_at: Date | string | null;
  student_number?: string | null;
  name?: string | null;
  latin_name?: string | null;
  department_code?: string | null;
  department_name_zh?: string | null;
  department_name_en?: string | null;
  cohort?: number | null;
  sex?: string | null;
  birth_date?: Date | string | null;
  ethnicity?: string | null;
  id_type?: string | null;
  id_number_mask?: string | null;
  id_number_enc?: string | null;
  phone?: string | null;
  email?: string | null;
  granted_fields?: string[];
}

/** What an office receives: the record id, when it last changed, and exactly its granted fields. */
export interface SharedStudent {
  id: string;
  version_id: string;
  changed_at: string | null;
  fields: Partial<Record<ShareField, string | number | null>> & { department?: string | null };
  department?: { code: string; name_zh: string; name_en: string } | null;
}

const iso = (d: Date | string | null | undefined) => (d == null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const day = (d: Date | string | null | undefined) => {
  if (d == null) return null;
  if (typeof d === 'string') return d.slice(0, 10);
  // A date column comes back as local midnight from the drivers: format in local time.
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * Turns a shared row into the office's record, keeping only `granted` fields. The database has
 * already nulled every ungranted column; this also decrypts the ID number for offices granted the
 * full number (the ciphertext is bound to the version id) and drops the ciphertext itself.
 * Used by the portal, exports, the API and the webhook payloads (h10b).
 */
export function finalizeShared(row: SharedRow, granted: readonly string[]): SharedStudent {
  const has = (f: ShareField) => granted.includes(f);
  const fields: SharedStudent['fields'] = {};
  if (has('student_number')) fields.student_number = row.student_number ?? null;
  if (has('name')) fields.name = row.name ?? null;
  if (has('latin_name')) fields.latin_name = row.latin_name ?? null;
  if (has('department')) fields.department = row.department_code ?? null;
  if (has('cohort')) fields.cohort = row.cohort ?? null;
  if (has('sex')) fields.sex = row.sex ?? null;
  if (has('birth_date')) fields.birth_date = day(row.birth_date);
  if (has('ethnicity')) fields.ethnicity = row.ethnicity ?? null;
  if (has('id_type')) fields.id_type = row.id_type ?? null;
  if (has('id_number')) {
    fields.id_number = row.id_number_enc ? getCipher().decrypt(row.id_number_enc, idNumberAad.version(row.version_id)) : (row.id_number_mask ?? null);
  }
  if (has('phone')) fields.phone = row.phone ?? null;
  if (has('email')) fields.email = row.email ?? null;
  const out: SharedStudent = { id: row.student_id, version_id: row.version_id, changed_at: iso(row.changed_at), fields };
  if (has('department') && row.department_code) {
    out.department = { code: row.department_code, name_zh: row.department_name_zh ?? '', name_en: row.department_name_en ?? '' };
  }
  return out;
}

/**
 * A stored payload cut down to the office's grant as it is now, with the rule
 * app.office_student_payload applies when the payload is made: the record's id, version and
 * change time always; a column only if its field is granted; the department's columns with
 * `department`; the masked ID number with `id_number`, its ciphertext only with the full number.
 * A webhook waits in the outbox between the change and its delivery (retries, a disabled
 * endpoint, the queue): a field whose grant was withdrawn meanwhile is not sent.
 */
export function narrowToGrant(
  payload: Record<string, unknown> | null,
  grant: { fields: readonly string[]; idNumberFull: boolean },
): Record<string, unknown> | null {
  if (!payload) return null;
  const has = (f: string) => grant.fields.includes(f);
  const keep = (k: string) =>
    k === 'student_id' ||
    k === 'version_id' ||
    k === 'changed_at' ||
    (k.startsWith('department_')
      ? has('department')
      : k === 'id_number_mask'
        ? has('id_number')
        : k === 'id_number_enc'
          ? has('id_number') && grant.idNumberFull
          : has(k));
  return Object.fromEntries(Object.entries(payload).filter(([k]) => keep(k)));
}

/**
 * For the webhook fan-out: app.office_student_payload's JSON (keys present = granted) made into
 * the same record the API returns. Null stays null (not shareable).
 */
export function finalizePayload(payload: Record<string, unknown> | null): SharedStudent | null {
  if (!payload) return null;
  const granted = new Set<string>();
  for (const k of Object.keys(payload)) {
    if (k.startsWith('department_')) granted.add('department');
    else if (k === 'id_number_mask' || k === 'id_number_enc') granted.add('id_number');
    else granted.add(k);
  }
  return finalizeShared(payload as unknown as SharedRow, [...granted]);
}
