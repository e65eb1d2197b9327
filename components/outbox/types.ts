import type { ActionResult } from '@/lib/domain/result';
import type { UploadTarget } from '@/lib/client/upload/upload';
import type { TIdentityForm } from '@/lib/schemas/identity';

type Created = ActionResult<{ documentId: string; upload: UploadTarget }>;
type Finalized = ActionResult<{ documentId: string; thumbUrl: string }>;

/** The server actions the outbox sends with, handed in by app/ (components never import app/). */
export interface OutboxActions {
  createPhotoUpload(input: { kind: string; contentType: string; bytes: number; idempotencyKey?: string }): Promise<Created>;
  finalizePhotoUpload(input: { documentId: string }): Promise<Finalized>;
  createEvidenceUpload(input: { contentType: string; bytes: number; idempotencyKey?: string }): Promise<Created>;
  finalizeEvidenceUpload(input: { documentId: string }): Promise<Finalized>;
  submitIdentity(input: { form: TIdentityForm; idempotencyKey: string }): Promise<ActionResult<{ state: string }>>;
  requestCorrection(input: {
    changes: Record<string, string>;
    reason: string;
    taskId?: string;
    evidenceDocumentIds: string[];
    idempotencyKey?: string;
  }): Promise<ActionResult<unknown>>;
}
