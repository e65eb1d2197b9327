/**
 * Client-safe name validators. Legal names follow what the Resident Identity Card prints:
 * Han characters, the interpunct U+00B7 between the parts of transliterated (e.g. Uyghur) or
 * foreign names (GB/T 28039 / Ministry of Public Security practice), and Latin letters for
 * foreign nationals whose documents carry a Latin name.
 */

export type LegalNameResult = { ok: true; normalized: string } | { ok: false; code: 'empty' | 'too_long' | 'bad_characters' | 'bad_dot' };

export type LatinNameResult = { ok: true; normalized: string } | { ok: false; code: 'empty' | 'too_long' | 'bad_characters' };

export const LEGAL_NAME_MAX = 50;
export const LATIN_NAME_MAX = 100;
export const NAME_DOT = '\u00B7';

const HAN = '\\p{Script=Han}';
// Characters IMEs and fonts produce when users type the name separator: katakana middle dot,
// its half-width form, bullet, hyphenation point, bullet operator, dot operator, and U+00B7.
const DOT_LOOKALIKES = /[\u00B7\u30FB\uFF65\u2022\u2027\u2219\u22C5]/g;
// A full stop is only a separator when it sits between two Han characters ("迪丽努尔.艾买提");
// elsewhere it is punctuation and stays invalid. Written without lookbehind for older Safari.
const FULL_STOP_BETWEEN_HAN = new RegExp(`(${HAN})\\s*[.．]\\s*(?=${HAN})`, 'gu');
const SPACE_BETWEEN_HAN = new RegExp(`(${HAN})\\s+(?=${HAN})`, 'gu');
const LEGAL_NAME_CHARS = new RegExp(`^[${HAN}A-Za-z ${NAME_DOT}]+$`, 'u');

function halfWidthLetters(s: string): string {
  return s.replace(/[Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const codePointLength = (s: string) => [...s].length;

export function validateLegalName(value: string): LegalNameResult {
  const v = halfWidthLetters(value.trim())
    .replace(/\s+/g, ' ') // includes U+3000 ideographic space
    .replace(FULL_STOP_BETWEEN_HAN, `$1${NAME_DOT}`)
    .replace(DOT_LOOKALIKES, NAME_DOT)
    .replace(/ ?\u00B7 ?/g, NAME_DOT)
    // Chinese legal names never contain spaces; one pasted between Han characters is noise.
    .replace(SPACE_BETWEEN_HAN, '$1')
    .trim();
  if (!v) return { ok: false, code: 'empty' };
  if (!LEGAL_NAME_CHARS.test(v)) return { ok: false, code: 'bad_characters' };
  if (v.startsWith(NAME_DOT) || v.endsWith(NAME_DOT) || v.includes(NAME_DOT + NAME_DOT)) {
    return { ok: false, code: 'bad_dot' };
  }
  // Counted in code points so that extension-B+ characters (surrogate pairs) count once.
  if (codePointLength(v) > LEGAL_NAME_MAX) return { ok: false, code: 'too_long' };
  return { ok: true, normalized: v };
}

/**
 * Pinyin or passport (ICAO 9303 MRZ-style) name: upper-case A-Z, spaces, hyphens, apostrophes.
 * Pinyin ü must be entered as V/YU/U, as on Chinese passports.
 */
export function validateLatinName(value: string): LatinNameResult {
  const v = halfWidthLetters(value.trim())
    .replace(/[\u2018\u2019\uFF07`]/g, "'")
    .replace(/[－—–‐‑]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
  if (!v) return { ok: false, code: 'empty' };
  if (!/^[A-Z' -]+$/.test(v) || !/[A-Z]/.test(v)) return { ok: false, code: 'bad_characters' };
  if (v.length > LATIN_NAME_MAX) return { ok: false, code: 'too_long' };
  return { ok: true, normalized: v };
}
