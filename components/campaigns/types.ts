/** What a server action hands back: never a thrown error (production hides their messages). */
export type { ActionResult } from '@/lib/domain/result';

export interface UploadTarget {
  url: string;
  method: string;
  headers: Record<string, string>;
}
