/** What a server action hands back: never a thrown error (production hides their messages). */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

export interface UploadTarget {
  url: string;
  method: string;
  headers: Record<string, string>;
}
