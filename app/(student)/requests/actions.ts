'use server';
import type { CaseActionResult } from '@/components/cases/types';
import { getAccess } from '@/lib/server/auth/session';
import { attachEvidence } from '@/lib/server/cases/attach-evidence';
import { startEvidenceUpload } from '@/lib/server/cases/start-evidence-upload';
import { documentViewUrl } from '@/lib/server/documents/view-url';
import { toAppError } from '@/lib/server/errors';

// Thin adapters for the evidence upload: the verbs check the role, the request and the photo.
async function run<T>(what: string, fn: () => Promise<T>): Promise<CaseActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error(`${what} failed`, e);
    return { ok: false, error: err.userMessage };
  }
}

export async function startEvidenceUploadAction(input: { requestId: string; contentType: string; bytes: number }) {
  return run('start evidence upload', async () => {
    const r = await startEvidenceUpload({ access: await getAccess(), input });
    return { documentId: r.documentId, upload: { url: r.upload.url, method: r.upload.method, headers: r.upload.headers } };
  });
}

/** Check and link the photo, then its thumbnail URL: one round trip less on a weak network. */
export async function attachEvidenceAction(input: { requestId: string; documentId: string }): Promise<CaseActionResult<{ documentId: string; thumbUrl: string | null }>> {
  return run('attach evidence', async () => {
    const access = await getAccess();
    const { documentId } = await attachEvidence({ access, input });
    const thumbUrl = await documentViewUrl({ access, input: { documentId, variant: 'thumb' } }).catch(() => null);
    return { documentId, thumbUrl };
  });
}
