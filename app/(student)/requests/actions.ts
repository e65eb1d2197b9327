'use server';
import type { ActionResult } from '@/lib/domain/result';
import { runAction } from '@/lib/server/action';
import { getAccess } from '@/lib/server/auth/session';
import { attachEvidence } from '@/lib/server/cases/attach-evidence';
import { startEvidenceUpload } from '@/lib/server/cases/start-evidence-upload';
import { documentViewUrl } from '@/lib/server/documents/view-url';

// Thin adapters for the evidence upload: the verbs check the role, the request and the photo.
const run = runAction;

export async function startEvidenceUploadAction(input: { requestId: string; contentType: string; bytes: number }) {
  return run(
    'start evidence upload',
    async () => {
      const r = await startEvidenceUpload({ access: await getAccess(), input });
      return { documentId: r.documentId, upload: { url: r.upload.url, method: r.upload.method, headers: r.upload.headers } };
    },
    { input },
  );
}

/** Check and link the photo, then its thumbnail URL: one round trip less on a weak network. */
export async function attachEvidenceAction(input: {
  requestId: string;
  documentId: string;
}): Promise<ActionResult<{ documentId: string; thumbUrl: string | null }>> {
  return run(
    'attach evidence',
    async () => {
      const access = await getAccess();
      const { documentId } = await attachEvidence({ access, input });
      const thumbUrl = await documentViewUrl({ access, input: { documentId, variant: 'thumb' } }).catch(() => null);
      return { documentId, thumbUrl };
    },
    { input },
  );
}
