/**
 * Form messages that go away when their cause is fixed (issue 8 item 7: the "some items need
 * changing" banner and "evidence required" stayed after the student had fixed them). Universal:
 * used by the identity and correction forms, tested without a browser.
 */

/** Form-level messages that only summarise per-item errors: shown while at least one remains. */
const SUMMARIES = new Set([
  'identity.errors.fixFields',
  'identity.errors.photosMissing',
  'identity.errors.retakePhotos',
  'corrections.errors.fixFields',
  'corrections.errors.evidenceRequired',
]);

/** The banner to show now: a summary disappears once no item error is left; other messages stay. */
export function visibleSummary(message: string | null | undefined, remainingErrors: Record<string, string | undefined>): string | null {
  if (!message) return null;
  const left = Object.values(remainingErrors).some(Boolean);
  return SUMMARIES.has(message) && !left ? null : message;
}

/** The errors still standing: an item whose cause is fixed (`fixed[key]` true) is dropped. */
export function stillFailing(errors: Record<string, string>, fixed: Record<string, boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => !fixed[k]));
}
