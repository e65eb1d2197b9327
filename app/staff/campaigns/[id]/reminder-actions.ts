'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { setReminderOffsets } from '@/lib/server/campaigns/set-reminder-offsets';
import { toAppError } from '@/lib/server/errors';

export async function setReminderOffsetsAction(formData: FormData): Promise<void> {
  const campaignId = String(formData.get('campaignId') ?? '');
  const offsets = String(formData.get('offsets') ?? '')
    .split(/[,，\s]+/)
    .filter(Boolean);
  let q = '';
  try {
    await setReminderOffsets({ access: await getAccess(), input: { campaignId, offsets } });
  } catch (e) {
    const appError = toAppError(e);
    if (appError.code === 'internal') console.error('reminder offsets failed', e);
    q = `?${new URLSearchParams({ err: appError.userMessage })}`;
  }
  revalidatePath(`/staff/campaigns/${campaignId}`);
  redirect(`/staff/campaigns/${campaignId}${q}`);
}
