/**
 * An outbox item: work done on the phone without a network, waiting to be sent. Its `id` is the
 * idempotency key sent with it, so a retry after a lost answer is recognised by the server
 * (decision 082).
 */
export type OutboxState = 'pending' | 'sending' | 'done' | 'refused';

export type PhotoPurpose = 'id_front' | 'id_back' | 'passport_data' | 'evidence';

interface Base {
  id: string;
  /** the user id the item was made by (the device's owner then) */
  owner: string;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  /** i18n key: what the server refused, or why the last attempt did not get through */
  error?: string;
}

export interface PhotoItem extends Base {
  kind: 'photo';
  purpose: PhotoPurpose;
  /** compressed already (≤ 500 KB); dropped once the photo is on the server */
  blob?: Blob;
  /** the bytes reached this pending document: the next attempt only finalizes it */
  uploadedDocumentId?: string;
  /** the finalized document */
  documentId?: string;
}

export interface IdentityItem extends Base {
  kind: 'identity';
  /** the form as submitted (TIdentityForm) */
  form: Record<string, string>;
  /** the device draft and attempt key to clear once it is through ('identity:<student id>') */
  scope: string;
  /** photo items that must be on the server first */
  after: string[];
}

export interface CorrectionItem extends Base {
  kind: 'correction';
  /** TCorrectionInput; evidence already on the server in `evidenceDocumentIds`, the rest in `after` */
  input: { changes: Record<string, string>; reason: string; taskId?: string; evidenceDocumentIds: string[] };
  after: string[];
}

export type OutboxItem = PhotoItem | IdentityItem | CorrectionItem;
export type SubmissionItem = IdentityItem | CorrectionItem;
