import type { PhotoKind } from '@/lib/identity/documents';
import type { ActionResult } from '@/lib/domain/result';
import type { IdentityField, TIdentityDraft, TIdentityForm } from '@/lib/schemas/identity';

/** What a server action hands back: never a thrown error (production hides their messages). */
export type { ActionResult } from '@/lib/domain/result';

/** The form as the inputs hold it: every field a string ('' when empty or not chosen). */
export type FormValues = Record<IdentityField, string>;

export interface UploadedPhoto {
  /** the document, or while `queued` the outbox item that will upload it */
  documentId: string;
  thumbUrl: string | null;
  /** taken offline: kept on the phone in the outbox, not on the server yet */
  queued?: boolean;
}

/** A returned item, already translated on the server: "reason" and the reviewer's comment. */
export interface ReturnNote {
  reason: string;
  comment?: string;
}

export type { IdentityField, PhotoKind };

/** The server actions the identity form calls, handed in by the page (components never import app/). */
export interface IdentityActions {
  saveDraft(draft: TIdentityDraft): Promise<ActionResult<{ savedAt: string }>>;
  submit(input: { form: TIdentityForm; idempotencyKey: string }): Promise<ActionResult<{ state: string }>>;
  createPhotoUpload(input: {
    kind: string;
    contentType: string;
    bytes: number;
    /** one per photo, the same on every retry (the server may use it to de-duplicate) */
    idempotencyKey?: string;
  }): Promise<ActionResult<{ documentId: string; upload: { url: string; method: string; headers: Record<string, string> } }>>;
  finalizePhotoUpload(input: { documentId: string }): Promise<ActionResult<{ documentId: string; thumbUrl: string }>>;
}
