'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { setFieldPolicy } from '@/lib/server/campaigns/set-field-policy';
import { messageOf, runAction } from '@/lib/server/action';

// Thin adapter: read the form, call the verb (which checks the admin role), redirect with a message.
export async function setFieldPolicyAction(formData: FormData): Promise<void> {
  const field = String(formData.get('field') ?? '');
  const r = await runAction(
    'set field policy',
    async () =>
      setFieldPolicy({
        access: await getAccess(),
        input: {
          field: field as never,
          tier: String(formData.get('tier') ?? '') as never,
          contactZh: String(formData.get('contactZh') ?? ''),
          contactEn: String(formData.get('contactEn') ?? ''),
        },
      }),
    { input: formData },
  );
  const params: Record<string, string> = r.ok ? { ok: 'fields.saved', field } : { err: messageOf(r)!, field };
  revalidatePath('/staff/settings/fields');
  redirect(`/staff/settings/fields?${new URLSearchParams(params)}#${encodeURIComponent(field)}`);
}
