'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runAction, type ActionResult } from '@/lib/server/action';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { createApiClient } from '@/lib/server/sharing/create-api-client';
import { createOffice } from '@/lib/server/sharing/create-office';
import { revokeApiClient } from '@/lib/server/sharing/revoke-api-client';
import { setOfficeGrant } from '@/lib/server/sharing/set-grant';

function back(params: Record<string, string>, anchor = ''): never {
  redirect(`/staff/admin/offices?${new URLSearchParams(params)}${anchor}`);
}
function messageOf(e: unknown, what: string): string {
  const err = toAppError(e);
  if (err.code === 'internal') console.error(`${what} failed`, e);
  return Object.values(err.fieldErrors ?? {})[0] ?? err.userMessage;
}

export async function setGrantAction(formData: FormData): Promise<void> {
  const officeId = String(formData.get('officeId') ?? '');
  let r: { changed: boolean } | null = null;
  let err: string | null = null;
  try {
    r = await setOfficeGrant({
      access: await getAccess(),
      input: {
        officeId,
        fields: formData.getAll('fields').map(String) as never,
        idNumberFull: formData.get('idNumberFull') === 'on',
      },
    });
  } catch (e) {
    err = messageOf(e, 'set grant');
  }
  revalidatePath('/staff/admin/offices');
  back(err ? { err } : { ok: r?.changed ? 'sharing.grantSaved' : 'sharing.grantUnchanged' }, `#office-${officeId}`);
}

export async function createOfficeAction(formData: FormData): Promise<void> {
  let err: string | null = null;
  try {
    await createOffice({
      access: await getAccess(),
      input: {
        code: String(formData.get('code') ?? ''),
        nameZh: String(formData.get('nameZh') ?? ''),
        nameEn: String(formData.get('nameEn') ?? ''),
      },
    });
  } catch (e) {
    err = messageOf(e, 'create office');
  }
  revalidatePath('/staff/admin/offices');
  back(err ? { err } : { ok: 'sharing.officeCreated' });
}

export async function revokeClientAction(formData: FormData): Promise<void> {
  let err: string | null = null;
  try {
    await revokeApiClient({ access: await getAccess(), input: { clientId: String(formData.get('clientId') ?? '') } });
  } catch (e) {
    err = messageOf(e, 'revoke client');
  }
  revalidatePath('/staff/admin/offices');
  back(err ? { err } : { ok: 'sharing.clientRevoked' });
}

/** Answers with the token instead of redirecting: it is shown once, never put in a URL. */
export async function createClientAction(_prev: ActionResult<{ token: string }> | null, formData: FormData): Promise<ActionResult<{ token: string }>> {
  const r = await runAction('create api client', async () => {
    const c = await createApiClient({
      access: await getAccess(),
      input: {
        officeId: String(formData.get('officeId') ?? ''),
        name: String(formData.get('name') ?? ''),
        expiresInDays: String(formData.get('expiresInDays') ?? '90') as never,
      },
    });
    return { token: c.token };
  });
  revalidatePath('/staff/admin/offices');
  return r;
}
