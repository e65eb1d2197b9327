'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { fromShanghaiInput } from '@/lib/domain/dates';
import type { CampaignFormState } from '@/components/campaigns/campaign-form';
import { CAMPAIGN_SECTIONS } from '@/lib/schemas/campaign';
import { getAccess } from '@/lib/server/auth/session';
import { createCampaign } from '@/lib/server/campaigns/create-campaign';
import { closeCampaign, extendCampaign, openCampaign } from '@/lib/server/campaigns/lifecycle';
import { sendReminders } from '@/lib/server/campaigns/send-reminders';
import { messageOf, runAction } from '@/lib/server/action';

// Thin adapters: read the form, call one verb, turn its AppError into a message on the page.
// The verbs check the role and parse the input themselves.
const str = (f: FormData, k: string) => String(f.get(k) ?? '');

function back(campaignId: string, params: Record<string, string>): never {
  revalidatePath(`/staff/campaigns/${campaignId}`);
  redirect(`/staff/campaigns/${encodeURIComponent(campaignId)}?${new URLSearchParams(params)}`);
}

export async function createCampaignAction(prev: CampaignFormState, formData: FormData): Promise<CampaignFormState> {
  const values = {
    name: str(formData, 'name'),
    semester: str(formData, 'semester'),
    opensAt: str(formData, 'opensAt'),
    closesAt: str(formData, 'closesAt'),
    departmentIds: formData.getAll('departmentIds').map(String),
    cohorts: formData.getAll('cohorts').map(String),
    sections: formData.getAll('sections').map(String),
  };
  const opensAt = fromShanghaiInput(values.opensAt);
  const closesAt = fromShanghaiInput(values.closesAt);
  const fieldErrors: Record<string, string> = {};
  if (!opensAt) fieldErrors.opensAt = 'campaigns.errors.dateTime';
  if (!closesAt) fieldErrors.closesAt = 'campaigns.errors.dateTime';
  if (!values.sections.length) fieldErrors.sections = 'campaigns.errors.sections';
  const next = (error: string, errors: Record<string, string>): CampaignFormState => ({ attempt: prev.attempt + 1, error, fieldErrors: errors, values });
  if (Object.keys(fieldErrors).length) return next('errors.invalid_input', fieldErrors);
  const r = await runAction(
    'create campaign',
    async () =>
      createCampaign({
        access: await getAccess(),
        input: {
          name: values.name,
          semester: values.semester,
          opensAt: opensAt!,
          closesAt: closesAt!,
          departmentIds: values.departmentIds,
          cohorts: values.cohorts.map(Number),
          sections: values.sections.filter((s): s is (typeof CAMPAIGN_SECTIONS)[number] => (CAMPAIGN_SECTIONS as readonly string[]).includes(s)),
        },
      }),
    { input: formData },
  );
  if (!r.ok) return next(r.fieldErrors ? 'errors.invalid_input' : r.error, r.fieldErrors ?? {});
  revalidatePath('/staff/campaigns');
  redirect(`/staff/campaigns/${r.data.campaignId}?ok=campaigns.flash.created`);
}

export async function openCampaignAction(formData: FormData): Promise<void> {
  const campaignId = str(formData, 'campaignId');
  const r = await runAction('open campaign', async () => openCampaign({ access: await getAccess(), input: { campaignId } }), { input: formData });
  back(campaignId, r.ok ? { ok: 'campaigns.flash.opened', n: String(r.data.tasks) } : { err: messageOf(r)! });
}

export async function extendCampaignAction(formData: FormData): Promise<void> {
  const campaignId = str(formData, 'campaignId');
  const closesAt = fromShanghaiInput(str(formData, 'closesAt'));
  if (!closesAt) back(campaignId, { err: 'campaigns.errors.dateTime' });
  const r = await runAction('extend campaign', async () => extendCampaign({ access: await getAccess(), input: { campaignId, closesAt } }), { input: formData });
  back(campaignId, r.ok ? { ok: 'campaigns.flash.extended' } : { err: messageOf(r)! });
}

export async function closeCampaignAction(formData: FormData): Promise<void> {
  const campaignId = str(formData, 'campaignId');
  const r = await runAction('close campaign', async () => closeCampaign({ access: await getAccess(), input: { campaignId } }), { input: formData });
  back(campaignId, r.ok ? { ok: 'campaigns.flash.closed', n: String(r.data.overdue) } : { err: messageOf(r)! });
}

/**
 * The idempotency key was minted by the server when it rendered the button, so a double click
 * (two posts with the same key) is one batch; a fresh render is a new, deliberate reminder.
 */
export async function remindAction(formData: FormData): Promise<void> {
  const campaignId = str(formData, 'campaignId');
  const r = await runAction(
    'send reminders',
    async () =>
      sendReminders({
        access: await getAccess(),
        input: { campaignId, departmentId: str(formData, 'departmentId'), idempotencyKey: str(formData, 'idempotencyKey') },
      }),
    { input: formData },
  );
  // E-mail goes out through the job queue: each queued delivery got its job in the same
  // transaction (trigger on notification_deliveries, docs/jobs.md).
  back(
    campaignId,
    r.ok ? { ok: r.data.duplicate ? 'campaigns.flash.remindedAlready' : 'campaigns.flash.reminded', n: String(r.data.recipients) } : { err: messageOf(r)! },
  );
}
