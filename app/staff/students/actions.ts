'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { runAction } from '@/lib/server/action';
import { updateRosterStudent } from '@/lib/server/roster/update-student';

export async function updateRosterAction(formData: FormData): Promise<void> {
  const studentId = String(formData.get('studentId') ?? '');
  const r = await runAction(
    'roster update',
    async () =>
      updateRosterStudent({
        access: await getAccess(),
        input: {
          studentId,
          className: String(formData.get('className') ?? ''),
          major: String(formData.get('major') ?? ''),
          email: String(formData.get('email') ?? ''),
          phone: String(formData.get('phone') ?? ''),
        },
      }),
    { input: formData },
  );
  const err = r.ok ? null : r.error;
  revalidatePath('/staff/students');
  redirect(`/staff/students?${new URLSearchParams({ id: studentId, ...(err ? { error: err } : {}) })}`);
}
