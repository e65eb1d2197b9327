'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runAction } from '@/lib/server/action';
import { getAccess } from '@/lib/server/auth/session';
import { remindClass } from '@/lib/server/counsellor/remind-class';

export async function remindClassAction(formData: FormData): Promise<void> {
  const className = String(formData.get('className') ?? '');
  const r = await runAction('remind class', async () => remindClass({ access: await getAccess(), input: { className } }), { input: formData });
  const params: Record<string, string> = r.ok
    ? {
        done: className,
        queued: String(r.data.queued),
        sent: String(r.data.sent),
        unreachable: String(r.data.unreachable),
        deferred: r.data.deferred ? '1' : '',
      }
    : { error: r.error };
  revalidatePath('/counsellor');
  redirect(`/counsellor?${new URLSearchParams(params)}`);
}
