'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { decideCorrection } from '@/lib/server/corrections/decide-correction';
import { runAction } from '@/lib/server/action';

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
  const input =
    decision === 'approve'
      ? { decision: 'approve' as const, requestId, revision, comment, idempotencyKey }
      : { decision: 'reject' as const, requestId, revision, rejectCode: rejectCode as never, comment };
  const r = await runAction('decide correction', async () => decideCorrection({ access: await getAccess(), input }), { input: formData });
  // On success the student's in-app notice exists; the e-mail job was queued in the same transaction.
  const params: Record<string, string> = r.ok
    ? { ok: r.data.status === 'approved' ? 'corrections.flash.approved' : 'corrections.flash.rejected' }
    : { id: requestId, err: r.error };
  revalidatePath('/staff/corrections');
  redirect(`/staff/corrections?${new URLSearchParams(params)}`);
}
