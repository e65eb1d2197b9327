'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { parseQuestionLines } from '@/lib/schemas/questionnaire';
import { getAccess } from '@/lib/server/auth/session';
import { messageOf, runAction } from '@/lib/server/action';
import { createQuestionnaire } from '@/lib/server/questionnaires/create';
import { setQuestionnaireStatus } from '@/lib/server/questionnaires/set-status';

export async function createQuestionnaireAction(formData: FormData): Promise<void> {
  const r = await runAction(
    'create questionnaire',
    async () =>
      createQuestionnaire({
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
      }),
    { input: formData },
  );
  const target = r.ok ? `/staff/questionnaires/${r.data.id}` : `/staff/questionnaires?${new URLSearchParams({ error: messageOf(r)! })}`;
  revalidatePath('/staff/questionnaires');
  redirect(target);
}

export async function setQuestionnaireStatusAction(formData: FormData): Promise<void> {
  const id = String(formData.get('id') ?? '');
  const r = await runAction(
    'questionnaire status',
    async () => setQuestionnaireStatus({ access: await getAccess(), input: { id, status: String(formData.get('status')) as 'open' | 'closed' } }),
    { input: formData },
  );
  const q = r.ok ? '' : `?${new URLSearchParams({ error: r.error })}`;
  revalidatePath(`/staff/questionnaires/${id}`);
  redirect(`/staff/questionnaires/${id}${q}`);
}
