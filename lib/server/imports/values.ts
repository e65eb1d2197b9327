import 'server-only';
import { ETHNICITIES } from '@/lib/identity/ethnicity';
import type { IdDocumentType, Sex } from '@/lib/identity/id-number';

/**
 * Cell values as exports write them, turned into the stored form. Each parser returns the value or
 * an error code (an i18n key under imports.errors); an empty cell is `null`, and whether that is
 * allowed is the row validator's business.
 */
export type Parsed<T> = { ok: true; value: T | null } | { ok: false; code: string };
const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const bad = (code: string): Parsed<never> => ({ ok: false, code });

/** Full-width digits/letters (Chinese IMEs) to half-width, whitespace dropped at the ends. */
export function clean(v: string | undefined): string {
  // Control characters (a stray NUL from a broken export) go too: jsonb and text columns refuse NUL.
  return (v ?? '')
    .normalize('NFKC')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

const SEX: Record<string, Sex> = {
  男: 'male',
  男性: 'male',
  m: 'male',
  male: 'male',
  '1': 'male',
  女: 'female',
  女性: 'female',
  f: 'female',
  female: 'female',
  '2': 'female',
};

/** 男/女, M/F, male/female, and GB/T 2261.1 codes 1 (male) / 2 (female). */
export function parseSex(raw: string): Parsed<Sex> {
  const v = clean(raw).toLowerCase();
  if (!v) return ok(null);
  return SEX[v] ? ok(SEX[v]) : bad('imports.errors.sex');
}

const CHINA_OFFSET_MS = 8 * 3600_000;
let today = { value: '', from: Infinity, until: -Infinity };

/**
 * China is UTC+8 all year; the same "today" as lib/identity's ID-number check. Worked out once per
 * China day (and again if the clock is set back), not per row.
 */
function chinaToday(): string {
  const now = Date.now();
  if (now < today.from || now >= today.until) {
    const local = now + CHINA_OFFSET_MS;
    const midnight = local - (local % 86_400_000) - CHINA_OFFSET_MS; // the last China midnight, as a UTC instant
    today = { value: new Date(local).toISOString().slice(0, 10), from: midnight, until: midnight + 86_400_000 };
  }
  return today.value;
}

function ymd(y: number, m: number, d: number): string | null {
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// Serial day numbers of the 1900 date system from 1927-05-18 (10000) on: a five-digit number in a
// date column is an Excel date that lost its format on the way to CSV. Four digits are a year.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * 2001-03-07, 2001/3/7, 2001.3.7, 20010307, 2001年3月7日, a trailing time ("2001-03-07 00:00:00"),
 * and Excel serial numbers. Dates before 1900 or after today (China) are refused.
 */
export function parseDate(raw: string): Parsed<string> {
  const v = clean(raw);
  if (!v) return ok(null);
  let date: string | null = null;
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(v) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(v) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(v);
  if (m) date = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  else if (/^\d{5}(\.0+)?$/.test(v)) {
    const d = new Date(EXCEL_EPOCH_MS + Math.trunc(Number(v)) * 86_400_000);
    date = ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  if (!date || date < '1900-01-01') return bad('imports.errors.date');
  if (date > chinaToday()) return bad('imports.errors.dateFuture');
  return ok(date);
}

const ETHNICITY_BY_NAME = new Map<string, string>();
for (const [code, zh, en] of ETHNICITIES) {
  ETHNICITY_BY_NAME.set(zh, code);
  ETHNICITY_BY_NAME.set(en.toLowerCase(), code);
  // "汉" for "汉族", as many sheets write it; "其他" and the long 98 label have no such short form.
  if (zh.endsWith('族')) ETHNICITY_BY_NAME.set(zh.slice(0, -1), code);
}
ETHNICITY_BY_NAME.set('蒙古', '02');

/** By name (汉族, 汉, Han) or by GB/T 3304 code (01, 1). Returns the two-digit code. */
export function parseEthnicity(raw: string): Parsed<string> {
  const v = clean(raw);
  if (!v) return ok(null);
  if (/^\d{1,2}$/.test(v)) {
    const code = v.padStart(2, '0');
    return ETHNICITIES.some(([c]) => c === code) ? ok(code) : bad('imports.errors.ethnicity');
  }
  const code = ETHNICITY_BY_NAME.get(v) ?? ETHNICITY_BY_NAME.get(v.toLowerCase());
  return code ? ok(code) : bad('imports.errors.ethnicity');
}

const ID_TYPES: Record<string, IdDocumentType> = {
  居民身份证: 'cn_resident',
  身份证: 'cn_resident',
  中华人民共和国居民身份证: 'cn_resident',
  二代身份证: 'cn_resident',
  港澳台居民居住证: 'hmt_residence_permit',
  居住证: 'hmt_residence_permit',
  港澳居民来往内地通行证: 'hk_macau_permit',
  港澳通行证: 'hk_macau_permit',
  回乡证: 'hk_macau_permit',
  台湾居民来往大陆通行证: 'taiwan_permit',
  台胞证: 'taiwan_permit',
  外国人永久居留身份证: 'foreign_permanent_resident',
  外国人永久居留证: 'foreign_permanent_resident',
  永居证: 'foreign_permanent_resident',
  护照: 'passport',
  passport: 'passport',
  residentid: 'cn_resident',
  idcard: 'cn_resident',
  cn_resident: 'cn_resident',
  hmt_residence_permit: 'hmt_residence_permit',
  hk_macau_permit: 'hk_macau_permit',
  taiwan_permit: 'taiwan_permit',
  foreign_permanent_resident: 'foreign_permanent_resident',
};

/** The document type by its Chinese name or our code; an empty cell means a resident ID card. */
export function parseIdType(raw: string): Parsed<IdDocumentType> {
  const v = clean(raw).toLowerCase().replace(/\s+/g, '');
  if (!v) return ok('cn_resident');
  return ID_TYPES[v] ? ok(ID_TYPES[v]) : bad('imports.errors.idType');
}

/** 2023, 2023级, 2023年, 2023届 → 2023. */
export function parseYear(raw: string): Parsed<number> {
  const v = clean(raw);
  if (!v) return ok(null);
  const m = /^(\d{4})(?:\.0+)?(?:级|年|届)?$/.exec(v);
  const y = m ? Number(m[1]) : NaN;
  return y >= 1950 && y <= 2100 ? ok(y) : bad('imports.errors.year');
}

export const ENROLMENT_STATUSES = ['enrolled', 'suspended', 'deferred', 'withdrawn', 'expelled', 'graduated', 'completed'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

const STATUS: Record<string, EnrolmentStatus> = {
  在读: 'enrolled',
  在籍: 'enrolled',
  在校: 'enrolled',
  正常: 'enrolled',
  注册: 'enrolled',
  已注册: 'enrolled',
  active: 'enrolled',
  休学: 'suspended',
  保留学籍: 'deferred',
  保留入学资格: 'deferred',
  退学: 'withdrawn',
  肄业: 'withdrawn',
  开除学籍: 'expelled',
  毕业: 'graduated',
  已毕业: 'graduated',
  结业: 'completed',
};
for (const s of ENROLMENT_STATUSES) STATUS[s] = s;

/** 学籍状态; an empty cell means enrolled (the column's default). */
export function parseStatus(raw: string): Parsed<EnrolmentStatus> {
  const v = clean(raw).toLowerCase();
  if (!v) return ok('enrolled');
  return STATUS[v] ? ok(STATUS[v]) : bad('imports.errors.status');
}

/**
 * An 18-digit number that went through Excel as a number: Excel keeps 15 significant digits and
 * shows 1.10105E+17, so the real number is gone and only the source file can restore it.
 */
export function looksLikeExcelNumber(v: string): boolean {
  return /^\d(\.\d+)?e\+?\d+$/i.test(clean(v));
}
