'use server';
import { redirect } from 'next/navigation';
import type { ActionResult } from '@/lib/domain/result';
import { getAccess } from '@/lib/server/auth/session';
import { createPhotoUpload } from '@/lib/server/documents/create-upload';
import { finalizePhotoUpload } from '@/lib/server/documents/finalize-upload';
import { documentViewUrl } from '@/lib/server/documents/view-url';
import { runAction } from '@/lib/server/action';
import { acceptNotice } from '@/lib/server/identity/accept-notice';
import { saveDraft } from '@/lib/server/identity/save-draft';
import { submitIdentity } from '@/lib/server/identity/submit';
import type { TIdentityDraft, TIdentityForm } from '@/lib/schemas/identity';

// Thin adapters: call the verb; runAction turns an AppError into an i18n key. The verbs check
// the role and parse the input themselves; nothing here trusts the arguments.
const run = runAction;

export async function acceptNoticeAction(formData: FormData): Promise<void> {
  const result = await run(
    'accept notice',
    async () => acceptNotice({ access: await getAccess(), input: { version: String(formData.get('version') ?? '') } }),
    { input: formData },
  );
  // An outdated version: the notice page shows the current text to read and acknowledge.
  redirect(result.ok ? '/identity' : `/identity/notice?error=${encodeURIComponent(result.error)}`);
}

export async function saveDraftAction(draft: TIdentityDraft): Promise<ActionResult<{ savedAt: string }>> {
  return run(
    'save draft',
    async () => {
      const { savedAt } = await saveDraft({ access: await getAccess(), input: draft });
      return { savedAt: savedAt.toISOString() };
    },
    { input: draft },
  );
}

export async function submitIdentityAction(input: { form: TIdentityForm; idempotencyKey: string }): Promise<ActionResult<{ state: string }>> {
  return run(
    'submit identity',
    async () => {
      const r = await submitIdentity({ access: await getAccess(), input });
      return { state: r.state };
    },
    { input },
  );
}

export async function createPhotoUploadAction(input: { kind: string; contentType: string; bytes: number }) {
  return run(
    'create photo upload',
    async () => {
      const r = await createPhotoUpload({ access: await getAccess(), input: input as Parameters<typeof createPhotoUpload>[0]['input'] });
      return { documentId: r.documentId, upload: { url: r.upload.url, method: r.upload.method, headers: r.upload.headers } };
    },
    { input },
  );
}

/** Finalize, then the thumbnail URL of the clean copy: one round trip less on a weak network. */
export async function finalizePhotoUploadAction(input: { documentId: string }): Promise<ActionResult<{ documentId: string; thumbUrl: string }>> {
  return run(
    'finalize photo upload',
    async () => {
      const access = await getAccess();
      const { documentId } = await finalizePhotoUpload({ access, input });
      return { documentId, thumbUrl: await documentViewUrl({ access, input: { documentId, variant: 'thumb' } }) };
    },
    { input },
  );
}
