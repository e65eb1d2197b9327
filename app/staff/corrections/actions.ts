'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { decideCorrection } from '@/lib/server/corrections/decide-correction';
import { toAppError } from '@/lib/server/errors';

/**
 * Approve or reject one correction. The form carries the revision the reviewer saw; if the
 * student changed the request meanwhile the verb refuses and the page reloads with a notice,
 * rather than deciding on values the reviewer never looked at.
 */
export async function decideCorrectionAction(formData: FormData): Promise<void> {
  const requestId = String(formData.get('requestId') ?? '');
  const decision = String(formData.get('decision') ?? '');
  const comment = String(formData.get('comment') ?? '').trim() || undefined;
  const rejectCode = String(formData.get('rejectCode') ?? '');
  const revision = Number(formData.get('revision'));
  const idempotencyKey = String(formData.get('idempotencyKey') ?? '') || undefined;
  if (decision === 'reject' && !rejectCode) redirect(`/staff/corrections?${new URLSearchParams({ id: requestId, err: 'corrections.errors.rejectCode' })}`);
  let params: Record<string, string>;
  try {
    const input =
      decision === 'approve'
        ? { decision: 'approve' as const, requestId, revision, comment, idempotencyKey }
        : { decision: 'reject' as const, requestId, revision, rejectCode: rejectCode as never, comment, idempotencyKey };
    const r = await decideCorrection({ access: await getAccess(), input });
    params = { ok: r.status === 'approved' ? 'corrections.flash.approved' : 'corrections.flash.rejected' };
    // The student's in-app notice exists now; the e-mail job was queued in the same transaction.
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('decide correction failed', e);
    params = { id: requestId, err: err.userMessage };
  }
  revalidatePath('/staff/corrections');
  redirect(`/staff/corrections?${new URLSearchParams(params)}`);
}
