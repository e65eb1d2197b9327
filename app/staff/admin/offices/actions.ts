'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { messageOf, runAction, type ActionResult } from '@/lib/server/action';
import { getAccess } from '@/lib/server/auth/session';
import { createApiClient } from '@/lib/server/sharing/create-api-client';
import { createOffice } from '@/lib/server/sharing/create-office';
import { revokeApiClient } from '@/lib/server/sharing/revoke-api-client';
import { setOfficeGrant } from '@/lib/server/sharing/set-grant';

function back(params: Record<string, string>, anchor = ''): never {
  redirect(`/staff/admin/offices?${new URLSearchParams(params)}${anchor}`);
}

export async function setGrantAction(formData: FormData): Promise<void> {
  const officeId = String(formData.get('officeId') ?? '');
  const r = await runAction(
    'set grant',
    async () =>
      setOfficeGrant({
        access: await getAccess(),
        input: {
          officeId,
          fields: formData.getAll('fields').map(String) as never,
          idNumberFull: formData.get('idNumberFull') === 'on',
        },
      }),
    { input: formData },
  );
  revalidatePath('/staff/admin/offices');
  back(r.ok ? { ok: r.data.changed ? 'sharing.grantSaved' : 'sharing.grantUnchanged' } : { err: messageOf(r)! }, `#office-${officeId}`);
}

export async function createOfficeAction(formData: FormData): Promise<void> {
  const r = await runAction(
    'create office',
    async () =>
      createOffice({
        access: await getAccess(),
        input: {
          code: String(formData.get('code') ?? ''),
          nameZh: String(formData.get('nameZh') ?? ''),
          nameEn: String(formData.get('nameEn') ?? ''),
        },
      }),
    { input: formData },
  );
  revalidatePath('/staff/admin/offices');
  back(r.ok ? { ok: 'sharing.officeCreated' } : { err: messageOf(r)! });
}

export async function revokeClientAction(formData: FormData): Promise<void> {
  const r = await runAction(
    'revoke client',
    async () => revokeApiClient({ access: await getAccess(), input: { clientId: String(formData.get('clientId') ?? '') } }),
    { input: formData },
  );
  revalidatePath('/staff/admin/offices');
  back(r.ok ? { ok: 'sharing.clientRevoked' } : { err: messageOf(r)! });
}

/** Answers with the token instead of redirecting: it is shown once, never put in a URL. */
export async function createClientAction(_prev: ActionResult<{ token: string }> | null, formData: FormData): Promise<ActionResult<{ token: string }>> {
  const r = await runAction(
    'create api client',
    async () => {
      const c = await createApiClient({
        access: await getAccess(),
        input: {
          officeId: String(formData.get('officeId') ?? ''),
          name: String(formData.get('name') ?? ''),
          expiresInDays: String(formData.get('expiresInDays') ?? '90') as never,
        },
      });
      return { token: c.token };
    },
    { input: formData },
  );
  revalidatePath('/staff/admin/offices');
  return r;
}
