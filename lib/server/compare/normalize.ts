import 'server-only';
import { normalizeIdInput } from '@/lib/identity/id-number';

/**
 * Normalization for comparing a name typed by a student with one keyed in by the registrar or
 * the admissions office. Both sides went through different input methods and fonts, so what
 * differs only in how it was typed must not count as a mismatch:
 * - full-width letters/digits and the ideographic space U+3000 (NFKC maps both to ASCII),
 * - the many "middle dot" lookalikes used between the parts of transliterated names
 *   (GB/T 28039 writes U+00B7), and a full stop between two Han characters,
 * - spacing (none between Han characters, none around the dot, single spaces elsewhere),
 * - the case of Latin letters.
 * Anything else (a different character, a missing part) stays a difference.
 */
const HAN = '\\p{Script=Han}';
const DOT = '\u00B7';
// Katakana middle dot, its half-width form, bullet, hyphenation point, bullet operator, dot
// operator, Greek ano teleia, runic punctuation, word separator middle dot, Latin middle dot.
const DOT_LOOKALIKES = /[\u00B7\u30FB\uFF65\u2022\u2027\u2219\u22C5\u0387\u16EB\u2E31\uA78F]/g;
const FULL_STOP_BETWEEN_HAN = new RegExp(`(${HAN})\\s*[.\\uFF0E\\u3002]\\s*(?=${HAN})`, 'gu');
const SPACE_BETWEEN_HAN = new RegExp(`(${HAN})\\s+(?=${HAN})`, 'gu');

export function normalizeName(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(FULL_STOP_BETWEEN_HAN, `$1${DOT}`)
    .replace(DOT_LOOKALIKES, DOT)
    .replace(/ ?\u00B7 ?/g, DOT)
    .replace(SPACE_BETWEEN_HAN, '$1')
    .trim()
    .toUpperCase();
}

/** True when the name contains no Han character (a Latin-script name on a foreign document). */
export function isLatinName(value: string): boolean {
  return !new RegExp(HAN, 'u').test(value);
}

/** ID numbers compare after the same clean-up the form applies (full-width, spaces, dashes, case). */
export function normalizeIdNumber(value: string): string {
  return normalizeIdInput(value.normalize('NFKC'));
}

/** Dates from imports come as 1990-3-7, 1990/03/07 or 19900307; compared as YYYY-MM-DD. */
export function normalizeDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(value.normalize('NFKC').trim());
  if (!m) return value.trim() || null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}
