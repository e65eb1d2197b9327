'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { setReminderOffsets } from '@/lib/server/campaigns/set-reminder-offsets';
import { runAction } from '@/lib/server/action';

export async function setReminderOffsetsAction(formData: FormData): Promise<void> {
  const campaignId = String(formData.get('campaignId') ?? '');
  const offsets = String(formData.get('offsets') ?? '')
    .split(/[,，\s]+/)
    .filter(Boolean);
  const r = await runAction('reminder offsets', async () => setReminderOffsets({ access: await getAccess(), input: { campaignId, offsets } }), {
    input: formData,
  });
  const q = r.ok ? '' : `?${new URLSearchParams({ err: r.error })}`;
  revalidatePath(`/staff/campaigns/${campaignId}`);
  redirect(`/staff/campaigns/${campaignId}${q}`);
}
