'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { setFieldPolicy } from '@/lib/server/campaigns/set-field-policy';
import { toAppError } from '@/lib/server/errors';

// Thin adapter: read the form, call the verb (which checks the admin role), redirect with a message.
export async function setFieldPolicyAction(formData: FormData): Promise<void> {
  const field = String(formData.get('field') ?? '');
  let params: Record<string, string>;
  try {
    await setFieldPolicy({
      access: await getAccess(),
      input: {
        field: field as never,
        tier: String(formData.get('tier') ?? '') as never,
        contactZh: String(formData.get('contactZh') ?? ''),
        contactEn: String(formData.get('contactEn') ?? ''),
      },
    });
    params = { ok: 'fields.saved', field };
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('set field policy failed', e);
    params = { err: Object.values(err.fieldErrors ?? {})[0] ?? err.userMessage, field };
  }
  revalidatePath('/staff/settings/fields');
  redirect(`/staff/settings/fields?${new URLSearchParams(params)}#${encodeURIComponent(field)}`);
}
