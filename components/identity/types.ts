import type { PhotoKind } from '@/lib/identity/documents';
import type { IdentityField } from '@/lib/schemas/identity';

/** What a server action hands back: never a thrown error (production hides their messages). */
export type { ActionResult } from '@/lib/domain/result';

/** The form as the inputs hold it: every field a string ('' when empty or not chosen). */
export type FormValues = Record<IdentityField, string>;

export interface UploadedPhoto {
  documentId: string;
  thumbUrl: string | null;
}

/** A returned item, already translated on the server: "reason" and the reviewer's comment. */
export interface ReturnNote {
  reason: string;
  comment?: string;
}

export type { IdentityField, PhotoKind };
