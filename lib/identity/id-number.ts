/**
 * Client-safe validators for identity document numbers. Pure functions only: they run in the
 * browser (instant form feedback) and on the server (the authoritative check), so nothing here
 * may do I/O or import server code.
 */

export const ID_DOCUMENT_TYPES = ['cn_resident', 'hmt_residence_permit', 'hk_macau_permit', 'taiwan_permit', 'foreign_permanent_resident', 'passport'] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

export type IdNumberErrorCode =
  | 'empty'
  | 'bad_length'
  | 'bad_characters'
  | 'bad_region'
  | 'bad_date'
  | 'future_date'
  | 'bad_checksum'
  | 'wrong_document_type'
  | 'bad_format'
  | 'missing_country';

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

export type IdNumberResult = { ok: true; normalized: string; birthDate?: string /* YYYY-MM-DD */; sex?: Sex } | { ok: false; code: IdNumberErrorCode };

export type IdNumberOptions = { today?: Date; issuingCountry?: string };

/**
 * Province-level prefixes (GB/T 2260) that appear on mainland Resident Identity Cards.
 * Deliberately excluded although GB/T 2260 or other validators list them:
 * - 71 (Taiwan): mainland resident cards are not issued with it; Taiwan residents hold the
 *   830000 residence permit or a taiwan_permit.
 * - 81/82/83: the 810000/820000/830000 codes are used only by the HK/Macau/Taiwan residence
 *   permit (GB 11643 format), so they are reported as 'wrong_document_type' instead.
 * - 91 ("abroad" in some older lists): never issued as a resident ID; 9-prefixed 18-digit numbers
 *   are the 2023 foreign permanent resident card, also reported as 'wrong_document_type'.
 */
export const MAINLAND_PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
]);

/** Address codes of the 港澳台居民居住证 (2018): Hong Kong, Macau, Taiwan, exactly. */
export const HMT_ADDRESS_CODES: ReadonlySet<string> = new Set(['810000', '820000', '830000']);

// ISO 7064 MOD 11-2 as profiled by GB 11643-1999.
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_MAP = '10X98765432';

/** The GB 11643-1999 check character for the first 17 digits of an 18-character number. */
export function idChecksumChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idChecksumChar expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CHECK_WEIGHTS[i]!;
  return CHECK_MAP[sum % 11]!;
}

/** Undo what copy/paste and Chinese IMEs add: full-width forms, spaces, dashes, lower case. */
export function normalizeIdInput(value: string): string {
  return value
    .trim()
    .replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\-－—–‐‑−]/g, '')
    .toUpperCase();
}

/**
 * "Today" as a calendar date in China (UTC+8, no DST since 1991) so that the browser and the
 * server agree regardless of their own time zones.
 */
function chinaDate(today: Date): string {
  return new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function checkBirthDate(yyyymmdd: string, today: Date): { date: string } | { code: IdNumberErrorCode } {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const probe = new Date(Date.UTC(y, m - 1, d));
  const real = probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
  const date = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (!real || date < '1900-01-01') return { code: 'bad_date' };
  if (date > chinaDate(today)) return { code: 'future_date' };
  return { date };
}

/**
 * GB 11643-1999 body shared by resident IDs, HMT residence permits and the 2023 foreign permanent
 * resident card: 17 digits + check char, birth date at 7-14, sequence parity at 17 gives sex.
 */
function checkGb11643(v: string, today: Date, region: (v: string) => IdNumberErrorCode | null): IdNumberResult {
  if (v.length !== 18) return { ok: false, code: 'bad_length' };
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, code: 'bad_characters' };
  const regionError = region(v);
  if (regionError) return { ok: false, code: regionError };
  const birth = checkBirthDate(v.slice(6, 14), today);
  if ('code' in birth) return { ok: false, code: birth.code };
  if (idChecksumChar(v.slice(0, 17)) !== v[17]) return { ok: false, code: 'bad_checksum' };
  const sex: Sex = Number(v[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, normalized: v, birthDate: birth.date, sex };
}

const residentRegion = (v: string): IdNumberErrorCode | null => {
  if (/^8[123]/.test(v) || v.startsWith('9')) return 'wrong_document_type';
  return MAINLAND_PROVINCE_CODES.has(v.slice(0, 2)) ? null : 'bad_region';
};

const hmtRegion = (v: string): IdNumberErrorCode | null => {
  if (HMT_ADDRESS_CODES.has(v.slice(0, 6))) return null;
  // A mainland prefix means the user picked the wrong document type for a resident ID.
  return MAINLAND_PROVINCE_CODES.has(v.slice(0, 2)) ? 'wrong_document_type' : 'bad_region';
};

function hkMacauPermit(v: string): IdNumberResult {
  // 港澳居民来往内地通行证 (2012+ card): H (Hong Kong) / M (Macau) + 8 digits, optionally followed
  // by the 2-digit issue count printed after the number.
  if (!/^[A-Z0-9]+$/.test(v)) return { ok: false, code: 'bad_characters' };
  if (v.length !== 9 && v.length !== 11) return { ok: false, code: 'bad_length' };
  if (!/^[A-Z0-9]\d+$/.test(v)) return { ok: false, code: 'bad_characters' };
  if (!/^[HM]/.test(v)) return { ok: false, code: 'bad_format' };
  return { ok: true, normalized: v };
}

function taiwanPermit(v: string): IdNumberResult {
  // 台湾居民来往大陆通行证 (2015+ card): 8 digits.
  if (!/^[A-Z0-9]+$/.test(v)) return { ok: false, code: 'bad_characters' };
  if (v.length !== 8) return { ok: false, code: 'bad_length' };
  if (!/^\d{8}$/.test(v)) return { ok: false, code: 'bad_characters' };
  return { ok: true, normalized: v };
}

function foreignPermanentResident(v: string, today: Date): IdNumberResult {
  if (v.length === 18) {
    // 2023 card: '9' + accepting province (2) + nationality code (3) + birth date + sequence +
    // GB 11643 check char. The accepting-province digits are not checked (no reliable list).
    if (!v.startsWith('9')) {
      const other = [residentRegion, hmtRegion].some((r) => checkGb11643(v, today, r).ok);
      return { ok: false, code: other ? 'wrong_document_type' : 'bad_format' };
    }
    return checkGb11643(v, today, () => null);
  }
  if (v.length === 15) {
    // 2004/2017 card: ISO 3166-1 alpha-3 nationality + 12 digits. The digits are believed to hold
    // region, YYMMDD birth date, sequence and a check digit, but we have no authoritative spec of
    // the positions or check algorithm, so only the shape is checked and no birth date returned.
    if (!/^[A-Z]{3}\d{12}$/.test(v)) return { ok: false, code: 'bad_characters' };
    return { ok: true, normalized: v };
  }
  return { ok: false, code: 'bad_length' };
}

function passport(v: string, issuingCountry: string | undefined): IdNumberResult {
  if (!/^[A-Z0-9]+$/.test(v)) return { ok: false, code: 'bad_characters' };
  // ICAO 9303 allows up to 9 characters in the MRZ document-number field, longer numbers
  // continue in the optional data; 17 covers that without accepting free text.
  if (v.length < 5 || v.length > 17) return { ok: false, code: 'bad_length' };
  if (!/\d/.test(v)) return { ok: false, code: 'bad_format' };
  const country = issuingCountry?.trim().toUpperCase();
  if (!country || !/^[A-Z]{3}$/.test(country)) return { ok: false, code: 'missing_country' };
  // PRC passports: E/G + 8 digits (ordinary), EA..EZ + 7 digits once E+8 ran out, D/S/P (+E)
  // diplomatic/service/public-affairs. Kept loose on purpose: one letter, optional second
  // letter/digit, 7-8 digits (so E + 9 digits also passes); other countries: shape only.
  if (country === 'CHN' && !/^[EGDSP][A-Z0-9]?\d{7,8}$/.test(v)) return { ok: false, code: 'bad_format' };
  return { ok: true, normalized: v };
}

export function validateIdNumber(type: IdDocumentType, value: string, opts: IdNumberOptions = {}): IdNumberResult {
  const v = normalizeIdInput(value);
  if (!v) return { ok: false, code: 'empty' };
  const today = opts.today ?? new Date();
  switch (type) {
    case 'cn_resident':
      return checkGb11643(v, today, residentRegion);
    case 'hmt_residence_permit':
      return checkGb11643(v, today, hmtRegion);
    case 'hk_macau_permit':
      return hkMacauPermit(v);
    case 'taiwan_permit':
      return taiwanPermit(v);
    case 'foreign_permanent_resident':
      return foreignPermanentResident(v, today);
    case 'passport':
      return passport(v, opts.issuingCountry);
    default: {
      const never: never = type;
      throw new RangeError(`unknown document type ${String(never)}`);
    }
  }
}

export type BirthSexMismatch = { field: 'birthDate' | 'sex'; fromNumber: string; fromForm: string };

/** Accepts 1990-3-7, 1990/03/07 and 19900307 from the form side; anything else compares as-is. */
function normalizeFormDate(s: string): string {
  const m = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(s.trim());
  if (!m) return s.trim();
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/**
 * Cross-checks what the number encodes against what the user typed elsewhere on the form.
 * Fields the number does not encode, or the form left empty, are not compared.
 */
export function checkBirthAndSex(result: IdNumberResult, form: { birthDate?: string; sex?: Sex }): BirthSexMismatch[] {
  const out: BirthSexMismatch[] = [];
  if (!result.ok) return out;
  if (result.birthDate && form.birthDate?.trim()) {
    const fromForm = normalizeFormDate(form.birthDate);
    if (fromForm !== result.birthDate) out.push({ field: 'birthDate', fromNumber: result.birthDate, fromForm });
  }
  if (result.sex && form.sex && form.sex !== result.sex) {
    out.push({ field: 'sex', fromNumber: result.sex, fromForm: form.sex });
  }
  return out;
}
