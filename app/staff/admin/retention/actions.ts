'use server';
import { redirect } from 'next/navigation';
import { setLegalHold } from '@/lib/server/archive/set-legal-hold';
import { startRetention } from '@/lib/server/archive/start-retention';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';

export async function runRetentionAction(formData: FormData): Promise<void> {
  const dryRun = formData.get('mode') !== 'real';
  let notice = 'ok';
  try {
    await startRetention({ access: await getAccess(), input: { dryRun } });
  } catch (e) {
    notice = toAppError(e).code;
  }
  redirect(`/staff/admin/retention?notice=${notice}`);
}

export async function legalHoldAction(formData: FormData): Promise<void> {
  let notice = 'ok';
  try {
    await setLegalHold({
      access: await getAccess(),
      input: {
        studentNumber: String(formData.get('studentNumber') ?? ''),
        hold: formData.get('hold') === 'on',
        reason: String(formData.get('reason') ?? '') || undefined,
      },
    });
  } catch (e) {
    notice = toAppError(e).code;
  }
  redirect(`/staff/admin/retention?notice=${notice}`);
}
