'use server';
import { redirect } from 'next/navigation';
import { runAction } from '@/lib/server/action';
import { setLegalHold } from '@/lib/server/archive/set-legal-hold';
import { startRetention } from '@/lib/server/archive/start-retention';
import { getAccess } from '@/lib/server/auth/session';

export async function runRetentionAction(formData: FormData): Promise<void> {
  const dryRun = formData.get('mode') !== 'real';
  const r = await runAction('start retention', async () => startRetention({ access: await getAccess(), input: { dryRun } }), { input: formData });
  redirect(`/staff/admin/retention?notice=${r.ok ? 'ok' : r.code}`);
}

export async function legalHoldAction(formData: FormData): Promise<void> {
  const r = await runAction(
    'legal hold',
    async () =>
      setLegalHold({
        access: await getAccess(),
        input: {
          studentNumber: String(formData.get('studentNumber') ?? ''),
          hold: formData.get('hold') === 'on',
          reason: String(formData.get('reason') ?? '') || undefined,
        },
      }),
    { input: formData },
  );
  redirect(`/staff/admin/retention?notice=${r.ok ? 'ok' : r.code}`);
}
