'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { grantRole } from '@/lib/server/admin/grant-role';
import { revokeRole } from '@/lib/server/admin/revoke-role';
import { getAccess } from '@/lib/server/auth/session';
import { endUserSessions } from '@/lib/server/auth/sessions';
import { toAppError } from '@/lib/server/errors';

// Thin adapters: parse the form, call one verb, turn its AppError into a message on the page.
function back(params: Record<string, string>): never {
  redirect(`/staff/admin/users?${new URLSearchParams(params)}`);
}

export async function grantRoleAction(formData: FormData): Promise<void> {
  let err: string | null = null;
  try {
    await grantRole({
      access: await getAccess(),
      input: {
        userId: String(formData.get('userId') ?? ''),
        role: String(formData.get('role') ?? '') as never,
        departmentId: String(formData.get('departmentId') ?? ''),
        officeCode: String(formData.get('officeCode') ?? ''),
        className: String(formData.get('className') ?? ''),
      },
    });
  } catch (e) {
    const appError = toAppError(e);
    if (appError.code === 'internal') console.error('grant role failed', e);
    err = Object.values(appError.fieldErrors ?? {})[0] ?? appError.userMessage;
  }
  revalidatePath('/staff/admin/users');
  back(err ? { err } : { ok: 'admin.granted' });
}

export async function revokeRoleAction(formData: FormData): Promise<void> {
  let err: string | null = null;
  try {
    await revokeRole({ access: await getAccess(), input: { grantId: String(formData.get('grantId') ?? '') } });
  } catch (e) {
    const appError = toAppError(e);
    if (appError.code === 'internal') console.error('revoke role failed', e);
    err = appError.userMessage;
  }
  revalidatePath('/staff/admin/users');
  back(err ? { err } : { ok: 'admin.revoked' });
}

export async function endSessionsAction(formData: FormData): Promise<void> {
  let err: string | null = null;
  try {
    await endUserSessions({ access: await getAccess(), input: { userId: String(formData.get('userId') ?? '') } });
  } catch (e) {
    const appError = toAppError(e);
    if (appError.code === 'internal') console.error('end sessions failed', e);
    err = appError.userMessage;
  }
  revalidatePath('/staff/admin/users');
  back(err ? { err } : { ok: 'admin.sessionsEnded' });
}
