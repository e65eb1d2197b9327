import 'server-only';
import { REQUIRED_PHOTOS, type PhotoKind } from '@/lib/identity/documents';
import { validateIdNumber } from '@/lib/identity/id-number';
import { validatePhone } from '@/lib/identity/phone';
import type { TIdentityValid } from '@/lib/schemas/identity';

export interface CheckResult {
  rule: string;
  field: string | null;
  severity: 'error' | 'warning' | 'info';
  code: string;
  details?: Record<string, unknown>;
}

/**
 * Step 2's automatic checks, recorded with each version so a reviewer sees which rules ran and
 * what they found. The form schema has already refused anything malformed; these record the
 * outcome and add what is worth a reviewer's attention without blocking the student.
 */
export function runSubmitChecks(form: TIdentityValid, photos: ReadonlySet<PhotoKind>): CheckResult[] {
  const out: CheckResult[] = [
    { rule: 'required_fields', field: null, severity: 'info', code: 'ok' },
    { rule: 'format', field: null, severity: 'info', code: 'ok' },
  ];
  const id = validateIdNumber(form.idType, form.idNumber, { issuingCountry: form.idIssuingCountry ?? undefined });
  out.push({ rule: 'id_checksum', field: 'idNumber', severity: id.ok ? 'info' : 'error', code: id.ok ? 'ok' : id.code });
  if (id.ok && (id.birthDate || id.sex)) {
    out.push({ rule: 'birth_sex_vs_number', field: 'idNumber', severity: 'info', code: 'ok' });
  } else {
    out.push({ rule: 'birth_sex_vs_number', field: 'idNumber', severity: 'info', code: 'not_encoded' });
  }
  const missing = REQUIRED_PHOTOS[form.idType].filter((k) => !photos.has(k));
  out.push({
    rule: 'required_photos',
    field: 'photos',
    severity: missing.length ? 'error' : 'info',
    code: missing.length ? 'missing' : 'ok',
    details: missing.length ? { missing } : undefined,
  });
  const phone = validatePhone(form.phone);
  if (phone.ok && !phone.isMainlandMobile) out.push({ rule: 'phone', field: 'phone', severity: 'info', code: 'international' });
  if (form.idType === 'cn_resident' && !form.latinName) out.push({ rule: 'latin_name', field: 'latinName', severity: 'info', code: 'absent' });
  return out;
}
