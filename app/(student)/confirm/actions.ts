'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ActionResult } from '@/lib/domain/result';
import type { TCorrectionInput } from '@/lib/schemas/campaign';
import { getAccess } from '@/lib/server/auth/session';
import { confirmTask, openSection } from '@/lib/server/campaigns/confirm';
import { dismissOutcome } from '@/lib/server/corrections/dismiss-outcome';
import { requestCorrection } from '@/lib/server/corrections/request-correction';
import { createPhotoUpload } from '@/lib/server/documents/create-upload';
import { finalizePhotoUpload } from '@/lib/server/documents/finalize-upload';
import { documentViewUrl } from '@/lib/server/documents/view-url';
import { runAction } from '@/lib/server/action';

// Thin adapters: call the verb; runAction turns an AppError into an i18n key. The verbs check
// the role and parse the input themselves; nothing here trusts the arguments.
const run = runAction;

export async function openSectionAction(input: { taskId: string; section: string }): Promise<ActionResult<string[]>> {
  return run('open section', async () => openSection({ access: await getAccess(), input }), { input });
}

export async function requestCorrectionAction(input: TCorrectionInput): Promise<ActionResult<{ selfServiceApplied: string[]; requestId: string | null }>> {
  return run(
    'request correction',
    async () => {
      const r = await requestCorrection({ access: await getAccess(), input });
      return { selfServiceApplied: r.selfServiceApplied, requestId: r.requestId };
    },
    { input },
  );
}

/** Evidence photos go through the same pipeline as ID photos, as kind 'evidence'. */
export async function createEvidenceUploadAction(input: { contentType: string; bytes: number }) {
  return run(
    'create evidence upload',
    async () => {
      const r = await createPhotoUpload({
        access: await getAccess(),
        input: { kind: 'evidence', contentType: input.contentType as never, bytes: input.bytes },
      });
      return { documentId: r.documentId, upload: { url: r.upload.url, method: r.upload.method, headers: r.upload.headers } };
    },
    { input },
  );
}

export async function finalizeEvidenceUploadAction(input: { documentId: string }): Promise<ActionResult<{ documentId: string; thumbUrl: string }>> {
  return run(
    'finalize evidence upload',
    async () => {
      const access = await getAccess();
      const { documentId } = await finalizePhotoUpload({ access, input });
      return { documentId, thumbUrl: await documentViewUrl({ access, input: { documentId, variant: 'thumb' } }) };
    },
    { input },
  );
}

export async function dismissOutcomeAction(formData: FormData): Promise<void> {
  const r = await run(
    'dismiss outcome',
    async () => dismissOutcome({ access: await getAccess(), input: { notificationId: String(formData.get('notificationId') ?? '') } }),
    { input: formData },
  );
  revalidatePath('/confirm');
  redirect(r.ok ? '/confirm' : `/confirm?err=${encodeURIComponent(r.error)}`);
}

// The same two steps as plain form posts, for a phone without JavaScript (decision 085): the
// verbs are the ones the client calls; the answer is a redirect back to the page.
const field = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};

export async function openSectionFormAction(formData: FormData): Promise<void> {
  const input = { taskId: field(formData, 'taskId'), section: field(formData, 'section') };
  const r = await run('open section', async () => openSection({ access: await getAccess(), input }));
  // The section goes back into the URL only after the verb accepted it as one of the campaign's.
  redirect(
    r.ok ? `/confirm?open=${encodeURIComponent(input.section)}#section-${encodeURIComponent(input.section)}` : `/confirm?err=${encodeURIComponent(r.error)}`,
  );
}

export async function confirmFormAction(formData: FormData): Promise<void> {
  const r = await run('confirm task', async () => confirmTask({ access: await getAccess(), input: { taskId: field(formData, 'taskId') } }));
  revalidatePath('/confirm');
  redirect(r.ok ? '/confirm' : `/confirm?err=${encodeURIComponent(r.error)}`);
}
