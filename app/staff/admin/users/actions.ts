'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { messageOf, runAction, type ActionResult } from '@/lib/server/action';
import { grantRole } from '@/lib/server/admin/grant-role';
import { revokeRole } from '@/lib/server/admin/revoke-role';
import { getAccess } from '@/lib/server/auth/session';
import { endUserSessions } from '@/lib/server/auth/sessions';

// Thin adapters: parse the form, call one verb, turn its AppError into a message on the page.
function back(r: ActionResult<unknown>, ok: string, err: string | null = messageOf(r)): never {
  revalidatePath('/staff/admin/users');
  redirect(`/staff/admin/users?${new URLSearchParams(err ? { err } : { ok })}`);
}

export async function grantRoleAction(formData: FormData): Promise<void> {
  const r = await runAction(
    'grant role',
    async () =>
      grantRole({
        access: await getAccess(),
        input: {
          userId: String(formData.get('userId') ?? ''),
          role: String(formData.get('role') ?? '') as never,
          departmentId: String(formData.get('departmentId') ?? ''),
          officeCode: String(formData.get('officeCode') ?? ''),
          className: String(formData.get('className') ?? ''),
        },
      }),
    { input: formData },
  );
  back(r, 'admin.granted');
}

export async function revokeRoleAction(formData: FormData): Promise<void> {
  const r = await runAction('revoke role', async () => revokeRole({ access: await getAccess(), input: { grantId: String(formData.get('grantId') ?? '') } }), {
    input: formData,
  });
  back(r, 'admin.revoked', r.ok ? null : r.error);
}

export async function endSessionsAction(formData: FormData): Promise<void> {
  const r = await runAction(
    'end sessions',
    async () => endUserSessions({ access: await getAccess(), input: { userId: String(formData.get('userId') ?? '') } }),
    { input: formData },
  );
  back(r, 'admin.sessionsEnded', r.ok ? null : r.error);
}
