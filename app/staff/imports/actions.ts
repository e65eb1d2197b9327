'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { runAction } from '@/lib/server/action';
import { runImport } from '@/lib/server/imports/run-import';
import { discardImportUpload, resolveImportUpload } from '@/lib/server/imports/uploads';

/**
 * Thin adapter: the confirmed mapping from the form, one verb, then the result page. A refused
 * mapping goes back to the mapping step with the fields to fix; the upload is kept for that.
 */
export async function runImportAction(formData: FormData): Promise<void> {
  const uploadId = String(formData.get('uploadId') ?? '');
  const mapping: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('map.') && typeof value === 'string' && value) mapping[key.slice(4)] = value;
  }
  const r = await runAction(
    'import',
    async () => {
      const access = await getAccess();
      const upload = await resolveImportUpload({ access, input: { uploadId } });
      const result = await runImport({ access, input: { kind: upload.kind, fileName: upload.fileName, filePath: upload.path, mapping } });
      // A failed run is recorded with its reason for the registrar; the cause is for the operators.
      if (result.status === 'failed') console.error(`import run ${result.runId} failed`, result.error);
      await discardImportUpload({ access, input: { uploadId } });
      return result.runId;
    },
    { input: formData },
  );
  let target: string;
  if (r.ok) target = `/staff/imports/${r.data}`;
  else {
    const params = new URLSearchParams({ upload: uploadId, err: r.error });
    if (r.fieldErrors) params.set('fields', Object.keys(r.fieldErrors).join(','));
    target = `/staff/imports?${params}`;
  }
  revalidatePath('/staff/imports');
  redirect(target);
}
