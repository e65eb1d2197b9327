// The 'max' metadata tells mobile from landline (the 'min' set's getType() returns undefined), and
// mainland numbers must be mobile for SMS verification. In browser bundles this import resolves to
// 'libphonenumber-js/min' (next.config.js, turbopack.resolveAlias — 20 KB instead of 40 KB
// gzipped on a phone): there the mainland numbering plan stands in for the type, and the server,
// with the full metadata, stays the judge of every submission (decision 138).
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';

export type PhoneErrorCode = 'empty' | 'bad_format' | 'not_mobile';
export type PhoneResult =
  /** national: the national significant number, digits only (13812345678, 91234567). */
  { ok: true; e164: string; national: string; isMainlandMobile: boolean } | { ok: false; code: PhoneErrorCode };

/** Full-width forms from Chinese IMEs, and the separators people paste (spaces, dashes, brackets, dots). */
export function normalizePhoneInput(value: string): string {
  return value
    .trim()
    .replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\-－—–‐‑−()（）.]/g, '')
    .replace(/^00/, '+'); // 00 is the international call prefix used in mainland China
}

type Parse = (text: string, country?: 'CN') => PhoneNumber | undefined;

// MIIT numbering plan: mainland mobile numbers are 11 digits starting 13–19.
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * A mainland number's verdict. With type metadata (the server's 'max' set): a mobile type in the
 * plan's shape. Without it (the browser's 'min' set, whose isValid() checks little more than the
 * length): the plan alone — 13–19 are mobile prefixes and need all 11 digits, 10 (Beijing) and
 * 2–9 open landline area codes, 11 and 12 are not in the plan.
 */
function mainlandVerdict(p: PhoneNumber): 'mobile' | 'not_mobile' | 'bad_format' {
  const n = p.nationalNumber;
  const t = p.getType();
  if (t !== undefined) return MAINLAND_MOBILE.test(n) && (t === 'MOBILE' || t === 'FIXED_LINE_OR_MOBILE') ? 'mobile' : 'not_mobile';
  if (/^1[3-9]/.test(n)) return MAINLAND_MOBILE.test(n) ? 'mobile' : 'bad_format';
  return /^(10|[2-9])/.test(n) ? 'not_mobile' : 'bad_format';
}

/** validatePhone over a given libphonenumber parser (tests run the browser's metadata set through it). */
export function phoneValidator(parse: Parse): (value: string) => PhoneResult {
  return (value) => checkPhone(parse, value);
}

export const validatePhone = phoneValidator(parsePhoneNumberFromString);

function checkPhone(parse: Parse, value: string): PhoneResult {
  const v = normalizePhoneInput(value);
  if (!v) return { ok: false, code: 'empty' };
  if (!/^\+?\d+$/.test(v)) return { ok: false, code: 'bad_format' };
  const international = v.startsWith('+');
  const parsed = parse(v, international ? undefined : 'CN');
  if (!parsed || !parsed.isValid()) return { ok: false, code: 'bad_format' };

  // Mainland numbers (typed without a country code, or with +86) are used for SMS codes, so
  // they must be 11-digit mobile numbers (MIIT numbering plan: mobile numbers start with 1).
  // Elsewhere libphonenumber often cannot tell (e.g. NANP is FIXED_LINE_OR_MOBILE), so a valid
  // number is enough.
  const mainland = parsed.countryCallingCode === '86';
  const verdict = mainland ? mainlandVerdict(parsed) : null;
  if (verdict === 'not_mobile' || verdict === 'bad_format') return { ok: false, code: verdict };
  const mainlandMobile = verdict === 'mobile';

  return {
    ok: true,
    e164: parsed.number,
    national: parsed.nationalNumber,
    isMainlandMobile: mainlandMobile,
  };
}
