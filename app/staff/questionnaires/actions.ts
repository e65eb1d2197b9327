'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { parseQuestionLines } from '@/lib/schemas/questionnaire';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { createQuestionnaire } from '@/lib/server/questionnaires/create';
import { setQuestionnaireStatus } from '@/lib/server/questionnaires/set-status';

export async function createQuestionnaireAction(formData: FormData): Promise<void> {
  let target: string;
  try {
    const { id } = await createQuestionnaire({
      access: await getAccess(),
      input: {
        title: String(formData.get('title') ?? ''),
        description: String(formData.get('description') ?? ''),
        anonymous: formData.get('anonymous') === 'on',
        toStudents: formData.get('toStudents') === 'on',
        toOffices: formData.get('toOffices') === 'on',
        sendWhen: String(formData.get('sendWhen') || 'now') as 'now',
        campaignId: formData.get('sendWhen') === 'campaign_close' ? String(formData.get('campaignId') ?? '') : '',
        questions: parseQuestionLines(String(formData.get('questions') ?? '')),
      },
    });
    target = `/staff/questionnaires/${id}`;
  } catch (e) {
    const appError = toAppError(e);
    if (appError.code === 'internal') console.error('create questionnaire failed', e);
    target = `/staff/questionnaires?${new URLSearchParams({ error: Object.values(appError.fieldErrors ?? {})[0] ?? appError.userMessage })}`;
  }
  revalidatePath('/staff/questionnaires');
  redirect(target);
}

export async function setQuestionnaireStatusAction(formData: FormData): Promise<void> {
  const id = String(formData.get('id') ?? '');
  let q = '';
  try {
    await setQuestionnaireStatus({ access: await getAccess(), input: { id, status: String(formData.get('status')) as 'open' | 'closed' } });
  } catch (e) {
    const appError = toAppError(e);
    if (appError.code === 'internal') console.error('questionnaire status failed', e);
    q = `?${new URLSearchParams({ error: appError.userMessage })}`;
  }
  revalidatePath(`/staff/questionnaires/${id}`);
  redirect(`/staff/questionnaires/${id}${q}`);
}
