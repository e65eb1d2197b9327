import type { OutboxActions } from '@/components/outbox/types';
import { createEvidenceUploadAction, finalizeEvidenceUploadAction, requestCorrectionAction } from '@/app/(student)/confirm/actions';
import { createPhotoUploadAction, finalizePhotoUploadAction, submitIdentityAction } from '@/app/(student)/identity/actions';

/** The server actions the phone's outbox sends with (the same the forms use). */
export const outboxActions: OutboxActions = {
  createPhotoUpload: createPhotoUploadAction,
  finalizePhotoUpload: finalizePhotoUploadAction,
  createEvidenceUpload: createEvidenceUploadAction,
  finalizeEvidenceUpload: finalizeEvidenceUploadAction,
  submitIdentity: submitIdentityAction,
  requestCorrection: requestCorrectionAction,
};
