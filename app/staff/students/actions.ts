'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { updateRosterStudent } from '@/lib/server/roster/update-student';

export async function updateRosterAction(formData: FormData): Promise<void> {
  const studentId = String(formData.get('studentId') ?? '');
  let err: string | null = null;
  try {
    await updateRosterStudent({
      access: await getAccess(),
      input: {
        studentId,
        className: String(formData.get('className') ?? ''),
        major: String(formData.get('major') ?? ''),
        email: String(formData.get('email') ?? ''),
        phone: String(formData.get('phone') ?? ''),
      },
    });
  } catch (e) {
    const appError = toAppError(e);
    if (appError.code === 'internal') console.error('roster update failed', e);
    err = appError.userMessage;
  }
  revalidatePath('/staff/students');
  redirect(`/staff/students?${new URLSearchParams({ id: studentId, ...(err ? { error: err } : {}) })}`);
}
