/**
 * What every client-called server action answers with: the verb's result, or the refusal as an
 * i18n key (plus per-field keys). Universal: imported by server actions and client components.
 */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; code: string; fieldErrors?: Record<string, string> };
