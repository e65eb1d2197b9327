import 'server-only';
import { ETHNICITIES } from '@/lib/identity/ethnicity';
import { ID_DOCUMENT_TYPES } from '@/lib/identity/id-number';
import { isLatinName, normalizeDate, normalizeIdNumber, normalizeName } from './normalize';

/**
 * Step 3's comparison rules: a submitted version against the registrar's enrolment record (学籍)
 * and, for freshmen, the admissions record (招生). Pure functions — no I/O, no clock — so every
 * reviewer gets the same findings for the same data ("codified checks, not by eye"), and the
 * same input always gives the same output in the same order.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface CompareCheck {
  /** e.g. "registrar.name" */
  rule: string;
  /** the form field the finding is about (IDENTITY_FIELDS), "department", "cohort", "photos" or null */
  field: string | null;
  severity: Severity;
  /** "ok" or a reason code such as "registrar.name_mismatch" */
  code: string;
  /** what was compared; ID numbers only as masks, never in clear */
  details: Record<string, unknown>;
}

export interface SubmittedSide {
  legalName: string;
  latinName: string | null;
  sex: 'male' | 'female';
  birthDate: string;
  /** GB/T 3304 code */
  ethnicity?: string | null;
  idType: string;
  /** the number in clear when the caller has it; otherwise the blind index is compared */
  idNumber?: string | null;
  idNumberBidx?: string | null;
  idNumberMask?: string | null;
  /** from the roster (students.department_id / cohort) */
  departmentId: string;
  cohort: number;
}

export interface ReferenceSide {
  name: string;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
  idType?: string | null;
  idNumber?: string | null;
  idNumberBidx?: string | null;
  idNumberMask?: string | null;
  departmentId: string | null;
  cohort?: number | null;
  /** registrar only: GB/T 3304 code or the group's name as imported */
  ethnicity?: string | null;
}

export interface CompareInput {
  version: SubmittedSide;
  registrar: ReferenceSide | null;
  /** looked up only for freshmen; null when none was found */
  admissions: ReferenceSide | null;
  /** the student's cohort is the current intake: the admissions record applies */
  freshman: boolean;
}

type Source = 'registrar' | 'admissions';

function nameCheck(src: Source, v: SubmittedSide, ref: ReferenceSide): CompareCheck {
  const reference = normalizeName(ref.name);
  const legal = normalizeName(v.legalName);
  const details = { submitted: v.legalName, reference: ref.name };
  if (legal === reference) return { rule: `${src}.name`, field: 'legalName', severity: 'info', code: 'ok', details };
  // Foreign students' records may carry only the Latin name of their passport.
  if (v.latinName && isLatinName(reference) && normalizeName(v.latinName) === reference) {
    return { rule: `${src}.name`, field: 'legalName', severity: 'info', code: 'ok', details: { ...details, submitted: v.latinName, via: 'latinName' } };
  }
  return { rule: `${src}.name`, field: 'legalName', severity: 'error', code: `${src}.name_mismatch`, details };
}

function valueCheck(src: Source, field: 'birthDate' | 'sex', ruleName: string, submitted: string, reference: string | null): CompareCheck {
  const rule = `${src}.${ruleName}`;
  if (reference === null) return { rule, field, severity: 'info', code: `${src}.${ruleName}_absent`, details: { submitted } };
  const details = { submitted, reference };
  return submitted === reference
    ? { rule, field, severity: 'info', code: 'ok', details }
    : { rule, field, severity: 'error', code: `${src}.${ruleName}_mismatch`, details };
}

function idNumberCheck(src: Source, v: SubmittedSide, ref: ReferenceSide): CompareCheck {
  const rule = `${src}.id_number`;
  const details = { submittedMask: v.idNumberMask ?? null, referenceMask: ref.idNumberMask ?? null };
  let same: boolean | null = null;
  if (v.idNumber && ref.idNumber) same = normalizeIdNumber(v.idNumber) === normalizeIdNumber(ref.idNumber);
  else if (v.idNumberBidx && ref.idNumberBidx) same = v.idNumberBidx === ref.idNumberBidx;
  if (same === null) return { rule, field: 'idNumber', severity: 'info', code: `${src}.id_number_unavailable`, details };
  return same
    ? { rule, field: 'idNumber', severity: 'info', code: 'ok', details }
    : { rule, field: 'idNumber', severity: 'error', code: `${src}.id_number_mismatch`, details };
}

/** "05", "5", "维吾尔族", "维吾尔" or "Uyghur" -> "05"; null when unknown. */
export function ethnicityCode(value: string): string | null {
  const v = value.normalize('NFKC').trim();
  if (/^\d{1,2}$/.test(v)) {
    const code = v.padStart(2, '0');
    return ETHNICITIES.some(([c]) => c === code) ? code : null;
  }
  const hit = ETHNICITIES.find(([, zh, en]) => zh === v || zh === `${v}族` || en.toLowerCase() === v.toLowerCase());
  return hit ? hit[0] : null;
}

/**
 * The intake whose students are freshmen: admissions records arrive over the summer and students
 * enrol in September, so from July (China time) the new intake is this calendar year's.
 */
export function currentIntake(now: Date): number {
  const china = new Date(now.getTime() + 8 * 3600_000);
  return china.getUTCMonth() >= 6 ? china.getUTCFullYear() : china.getUTCFullYear() - 1;
}

function compareWith(src: Source, v: SubmittedSide, ref: ReferenceSide): CompareCheck[] {
  const out: CompareCheck[] = [
    nameCheck(src, v, ref),
    valueCheck(src, 'birthDate', 'birth_date', v.birthDate, normalizeDate(ref.birthDate)),
    valueCheck(src, 'sex', 'sex', v.sex, ref.sex),
    idNumberCheck(src, v, ref),
  ];
  // Only a known document type is compared; imports may leave it empty or use their own words.
  if (ref.idType && (ID_DOCUMENT_TYPES as readonly string[]).includes(ref.idType) && ref.idType !== v.idType) {
    out.push({
      rule: `${src}.id_type`,
      field: 'idType',
      severity: 'warning',
      code: `${src}.id_type_mismatch`,
      details: { submitted: v.idType, reference: ref.idType },
    });
  }
  // The roster's department is where the student is reviewed; a record naming another one means
  // a transfer not yet reflected somewhere — worth a look, not the student's error.
  if (ref.departmentId) {
    const details = { submitted: v.departmentId, reference: ref.departmentId };
    out.push(
      ref.departmentId === v.departmentId
        ? { rule: `${src}.department`, field: 'department', severity: 'info', code: 'ok', details }
        : { rule: `${src}.department`, field: 'department', severity: 'warning', code: `${src}.department_mismatch`, details },
    );
  }
  if (src === 'registrar' && ref.ethnicity && v.ethnicity) {
    const reference = ethnicityCode(ref.ethnicity);
    // An imported value that is neither a code nor a known name is not compared.
    if (reference) {
      const details = { submitted: v.ethnicity, reference };
      out.push(
        reference === v.ethnicity
          ? { rule: 'registrar.ethnicity', field: 'ethnicity', severity: 'info', code: 'ok', details }
          : { rule: 'registrar.ethnicity', field: 'ethnicity', severity: 'warning', code: 'registrar.ethnicity_mismatch', details },
      );
    }
  }
  if (src === 'registrar' && ref.cohort != null && ref.cohort !== v.cohort) {
    out.push({
      rule: 'registrar.cohort',
      field: 'cohort',
      severity: 'warning',
      code: 'registrar.cohort_mismatch',
      details: { submitted: v.cohort, reference: ref.cohort },
    });
  }
  return out;
}

const BY = (c: CompareCheck) => [c.rule, c.field ?? '', c.code, JSON.stringify(c.details)].join('\u0000');

/** Deterministic order: by rule, field, code, then details. */
export function sortChecks(checks: CompareCheck[]): CompareCheck[] {
  return [...checks].sort((a, b) => (BY(a) < BY(b) ? -1 : BY(a) > BY(b) ? 1 : 0));
}

export function compareVersion(input: CompareInput): CompareCheck[] {
  const out: CompareCheck[] = [];
  if (input.registrar) out.push(...compareWith('registrar', input.version, input.registrar));
  else out.push({ rule: 'registrar.record', field: null, severity: 'warning', code: 'registrar.missing', details: {} });
  if (input.freshman) {
    if (input.admissions) out.push(...compareWith('admissions', input.version, input.admissions));
    else out.push({ rule: 'admissions.record', field: null, severity: 'warning', code: 'admissions.missing', details: {} });
  }
  return sortChecks(out);
}

export type DuplicateKind = 'id_number' | 'name_birth' | 'photo';

export interface DuplicateMatch {
  kind: DuplicateKind;
  /** where the other student was found: another submission, a registrar record, a photo */
  source: 'submission' | 'registrar' | 'document';
  relatedStudentId: string | null;
}

const DUPLICATE_FIELD: Record<DuplicateKind, string> = { id_number: 'idNumber', name_birth: 'legalName', photo: 'photos' };
// The same name and birth date happen by chance (王伟 is common); the same number or photo do not.
const DUPLICATE_SEVERITY: Record<DuplicateKind, Severity> = { id_number: 'error', name_birth: 'warning', photo: 'error' };

/** One check per kind of duplicate found, counting the other students (not naming them). */
export function duplicateChecks(matches: readonly DuplicateMatch[]): CompareCheck[] {
  const byKind = new Map<DuplicateKind, { sources: Set<string>; students: Set<string> }>();
  for (const m of matches) {
    const e = byKind.get(m.kind) ?? { sources: new Set(), students: new Set() };
    e.sources.add(m.source);
    e.students.add(m.relatedStudentId ?? `${m.source}:unlinked`);
    byKind.set(m.kind, e);
  }
  return sortChecks(
    [...byKind].map(([kind, e]) => ({
      rule: `duplicate.${kind}`,
      field: DUPLICATE_FIELD[kind],
      severity: DUPLICATE_SEVERITY[kind],
      code: `duplicate.${kind}`,
      details: { sources: [...e.sources].sort(), others: e.students.size },
    })),
  );
}

/** Findings that make a record show under "has mismatches" in the queue. */
export function countMismatches(checks: readonly CompareCheck[]): number {
  return checks.filter((c) => c.severity !== 'info' && !c.rule.startsWith('duplicate.')).length;
}
