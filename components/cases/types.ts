/** What a server action hands back: never a thrown error (production hides their messages). */
export type CaseActionResult<T> = { ok: true; data: T } | { ok: false; error: string };
