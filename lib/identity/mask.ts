/**
 * Masks an identifier for display: the first 4 and last 4 characters stay (region and check
 * character help staff tell records apart), the rest become *. Short values keep less.
 * 110101199003071234 -> 1101**********1234
 */
export function maskIdentifier(value: string): string {
  const v = value.trim();
  if (v.length <= 4) return '*'.repeat(v.length);
  const keep = v.length >= 12 ? 4 : Math.max(1, Math.floor(v.length / 4));
  return v.slice(0, keep) + '*'.repeat(v.length - keep * 2) + v.slice(-keep);
}

/** Mask built from stored parts when only the last characters are kept in clear. */
export function maskFromParts(first: string, last: string, length: number): string {
  return first + '*'.repeat(Math.max(0, length - first.length - last.length)) + last;
}

export function maskPhone(phone: string): string {
  const d = phone.replace(/\s/g, '');
  if (d.length < 7) return maskIdentifier(d);
  return d.slice(0, 3) + '*'.repeat(d.length - 7) + d.slice(-4);
}
