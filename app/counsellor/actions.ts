'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { remindClass } from '@/lib/server/counsellor/remind-class';
import { toAppError } from '@/lib/server/errors';

export async function remindClassAction(formData: FormData): Promise<void> {
  const className = String(formData.get('className') ?? '');
  let params: Record<string, string>;
  try {
    const r = await remindClass({ access: await getAccess(), input: { className } });
    params = { done: className, queued: String(r.queued), sent: String(r.sent), unreachable: String(r.unreachable), deferred: r.deferred ? '1' : '' };
  } catch (e) {
    const appError = toAppError(e);
    if (appError.code === 'internal') console.error('remind class failed', e);
    params = { error: appError.userMessage };
  }
  revalidatePath('/counsellor');
  redirect(`/counsellor?${new URLSearchParams(params)}`);
}
