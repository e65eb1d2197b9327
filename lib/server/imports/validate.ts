import 'server-only';
import { checkBirthAndSex, validateIdNumber, type IdDocumentType, type IdNumberResult, type Sex } from '@/lib/identity/id-number';
import { validateLegalName } from '@/lib/identity/name';
import type { ImportField, ImportKind, Mapping } from './mapping';
import type { SourceRow } from './parse';
import {
  clean,
  looksLikeExcelNumber,
  parseDate,
  parseEthnicity,
  parseIdType,
  parseSex,
  parseStatus,
  parseYear,
  type EnrolmentStatus,
  type Parsed,
} from './values';

/**
 * One row of a file → one record, or the reasons it is not one. The checks are the student
 * form's own (lib/identity): a registrar record that the form would refuse could never match a
 * student's submission, so it is reported to the registrar instead of being stored.
 */
export interface RowError {
  row: number;
  /** The file's header as the person sees it; null for a problem with the whole row. */
  column: string | null;
  /** i18n key under imports.errors */
  code: string;
}

export interface RegistrarRecord {
  studentNumber: string;
  name: string;
  sex: Sex | null;
  birthDate: string | null;
  idType: IdDocumentType;
  idNumber: string;
  ethnicity: string | null;
  departmentId: string;
  major: string | null;
  cohort: number;
  status: EnrolmentStatus;
  /** Roster-only columns (班级, contact details): optional in the file. */
  className: string | null;
  email: string | null;
  phone: string | null;
}

export interface AdmissionsRecord {
  examNumber: string;
  name: string;
  sex: Sex | null;
  birthDate: string | null;
  idNumber: string;
  departmentId: string | null;
  major: string | null;
  admissionYear: number;
}

export type ImportRecord = RegistrarRecord | AdmissionsRecord;
export type RowResult<R> = { ok: true; record: R; key: string } | { ok: false; errors: RowError[] };

export interface DepartmentRow {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
}

/** A department by code (CS), Chinese name (计算机科学与技术学院) or English name, as exports vary. */
export function departmentResolver(rows: readonly DepartmentRow[]): (value: string) => string | null {
  const byKey = new Map<string, string>();
  for (const d of rows) {
    byKey.set(`c:${d.code.toUpperCase()}`, d.id);
    byKey.set(`n:${clean(d.name_zh)}`, d.id);
    byKey.set(`n:${clean(d.name_en).toLowerCase().replace(/\s+/g, ' ')}`, d.id);
  }
  return (value) => {
    const v = clean(value);
    return byKey.get(`c:${v.toUpperCase()}`) ?? byKey.get(`n:${v}`) ?? byKey.get(`n:${v.toLowerCase().replace(/\s+/g, ' ')}`) ?? null;
  };
}

const KEY_PATTERN: Record<ImportKind, RegExp> = {
  // The same checks as the tables' primary keys, so a key that passes here is never refused there.
  registrar: /^[A-Za-z0-9]{4,20}$/,
  admissions: /^[A-Za-z0-9]{6,20}$/,
};
const MAX_TEXT = 100;

// Passports in an export rarely carry the issuing country; ICAO 9303 "XXX" (unspecified) makes
// validateIdNumber check the number's shape only.
const UNSPECIFIED_COUNTRY = 'XXX';

/**
 * A validator for one run: it remembers the keys it has seen, so a student number (or exam number)
 * that appears again later in the file is reported on the later rows.
 */
export function createRowValidator(kind: ImportKind, mapping: Mapping, resolveDepartment: (v: string) => string | null) {
  const seen = new Set<string>();
  const keyField: ImportField = kind === 'registrar' ? 'student_number' : 'exam_number';

  return function validateRow(src: SourceRow): RowResult<ImportRecord> {
    const errors: RowError[] = [];
    const col = (f: ImportField) => mapping[f] ?? null;
    const raw = (f: ImportField) => {
      const h = mapping[f];
      return h === undefined ? '' : (src.values[h] ?? '');
    };
    const fail = (f: ImportField | null, code: string) => errors.push({ row: src.rowNumber, column: f ? col(f) : null, code });
    const take = <T>(f: ImportField, p: Parsed<T>): T | null => {
      if (p.ok) return p.value;
      fail(f, p.code);
      return null;
    };

    if (src.problem) return { ok: false, errors: [{ row: src.rowNumber, column: null, code: src.problem }] };
    for (const [h, v] of Object.entries(src.values)) {
      // U+FFFD: bytes that were not valid in the detected encoding (a file mixing encodings).
      if (v.includes('\uFFFD') && Object.values(mapping).includes(h)) errors.push({ row: src.rowNumber, column: h, code: 'imports.errors.encoding' });
    }
    if (errors.length) return { ok: false, errors };

    const key = clean(raw(keyField));
    if (!key) fail(keyField, 'imports.errors.required');
    else if (!KEY_PATTERN[kind].test(key)) fail(keyField, kind === 'registrar' ? 'imports.errors.studentNumber' : 'imports.errors.examNumber');
    else if (seen.has(key)) fail(keyField, 'imports.errors.duplicateInFile');
    else seen.add(key);

    const nameResult = validateLegalName(raw('name'));
    const name = nameResult.ok ? nameResult.normalized : null;
    if (!nameResult.ok) fail('name', nameResult.code === 'empty' ? 'imports.errors.required' : `imports.errors.name.${nameResult.code}`);

    let sex = take('sex', parseSex(raw('sex')));
    let birthDate = take('birth_date', parseDate(raw('birth_date')));
    const idType = kind === 'registrar' ? take('id_type', parseIdType(raw('id_type'))) : null;

    const idRaw = raw('id_number');
    let id: IdNumberResult | null = null;
    if (!clean(idRaw)) fail('id_number', 'imports.errors.required');
    else if (src.lossy?.includes(mapping.id_number!) || looksLikeExcelNumber(idRaw)) fail('id_number', 'imports.errors.id.excel_number');
    else if (kind === 'registrar') {
      if (idType) id = validateIdNumber(idType, idRaw, { issuingCountry: UNSPECIFIED_COUNTRY });
    } else {
      id = admissionsIdNumber(idRaw);
    }
    if (id && !id.ok) fail('id_number', `imports.errors.id.${id.code}`);
    if (id?.ok) {
      // A cell that did not parse is null here and already reported; only real values are compared.
      for (const m of checkBirthAndSex(id, { birthDate: birthDate ?? undefined, sex: sex ?? undefined })) {
        fail(m.field === 'birthDate' ? 'birth_date' : 'sex', m.field === 'birthDate' ? 'imports.errors.birthMismatch' : 'imports.errors.sexMismatch');
      }
      // What the number encodes fills an empty column: the record is then as complete as the form.
      birthDate ??= id.birthDate ?? null;
      sex ??= id.sex ?? null;
    }

    const deptRaw = clean(raw('department'));
    let departmentId: string | null = null;
    if (deptRaw) {
      departmentId = resolveDepartment(deptRaw);
      if (!departmentId) fail('department', 'imports.errors.unknownDepartment');
    } else if (kind === 'registrar') fail('department', 'imports.errors.required');

    const major = clean(raw('major')) || null;
    if (major && [...major].length > MAX_TEXT) fail('major', 'imports.errors.tooLong');

    const yearField: ImportField = kind === 'registrar' ? 'cohort' : 'admission_year';
    const yearParsed = parseYear(raw(yearField));
    const year = take(yearField, yearParsed);
    if (yearParsed.ok && year === null) fail(yearField, 'imports.errors.required');

    if (kind === 'registrar') {
      const ethnicity = take('ethnicity', parseEthnicity(raw('ethnicity')));
      const status = take('status', parseStatus(raw('status')));
      const className = clean(raw('class_name')) || null;
      if (className && [...className].length > 50) fail('class_name', 'imports.errors.tooLong');
      const email = clean(raw('email')).toLowerCase() || null;
      if (email && !/^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]+$/.test(email)) fail('email', 'imports.errors.email');
      const phone = clean(raw('phone')).replace(/[\s-]/g, '') || null;
      if (phone && !/^\+?[0-9]{5,20}$/.test(phone)) fail('phone', 'imports.errors.phone');
      if (errors.length) return { ok: false, errors };
      return {
        ok: true,
        key,
        record: {
          studentNumber: key,
          name: name!,
          sex,
          birthDate,
          idType: idType!,
          idNumber: (id as { normalized: string }).normalized,
          ethnicity,
          departmentId: departmentId!,
          major,
          cohort: year!,
          status: status!,
          className,
          email,
          phone,
        },
      };
    }
    if (errors.length) return { ok: false, errors };
    return {
      ok: true,
      key,
      record: { examNumber: key, name: name!, sex, birthDate, idNumber: (id as { normalized: string }).normalized, departmentId, major, admissionYear: year! },
    };
  };
}

/**
 * The admissions list has no document-type column: candidates hold a resident ID card, or (from
 * Hong Kong, Macau, Taiwan, or abroad) a GB 11643-format residence permit or the 2023 permanent
 * resident card. The resident-card verdict is reported when none of them fits.
 */
function admissionsIdNumber(raw: string): IdNumberResult {
  const first = validateIdNumber('cn_resident', raw);
  if (first.ok || first.code !== 'wrong_document_type') return first;
  for (const t of ['hmt_residence_permit', 'foreign_permanent_resident'] as const) {
    const r = validateIdNumber(t, raw);
    if (r.ok) return r;
  }
  return first;
}
