// The 'max' metadata is required: the default ('min') bundle cannot tell mobile from landline
// (getType() returns undefined), and mainland numbers must be mobile for SMS verification.
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

const isMobileType = (p: PhoneNumber) => {
  const t = p.getType();
  return t === 'MOBILE' || t === 'FIXED_LINE_OR_MOBILE';
};

export function validatePhone(value: string): PhoneResult {
  const v = normalizePhoneInput(value);
  if (!v) return { ok: false, code: 'empty' };
  if (!/^\+?\d+$/.test(v)) return { ok: false, code: 'bad_format' };
  const international = v.startsWith('+');
  const parsed = parsePhoneNumberFromString(v, international ? undefined : 'CN');
  if (!parsed || !parsed.isValid()) return { ok: false, code: 'bad_format' };

  // Mainland numbers (typed without a country code, or with +86) are used for SMS codes, so
  // they must be 11-digit mobile numbers (MIIT numbering plan: mobile numbers start with 1).
  // Elsewhere libphonenumber often cannot tell (e.g. NANP is FIXED_LINE_OR_MOBILE), so a valid
  // number is enough.
  const mainland = parsed.countryCallingCode === '86';
  const mainlandMobile = mainland && /^1\d{10}$/.test(parsed.nationalNumber) && isMobileType(parsed);
  if (mainland && !mainlandMobile) return { ok: false, code: 'not_mobile' };

  return {
    ok: true,
    e164: parsed.number,
    national: parsed.nationalNumber,
    isMainlandMobile: mainlandMobile,
  };
}
