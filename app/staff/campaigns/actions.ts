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
import { toAppError } from '@/lib/server/errors';

// Thin adapters: read the form, call one verb, turn its AppError into a message on the page.
// The verbs check the role and parse the input themselves.
const str = (f: FormData, k: string) => String(f.get(k) ?? '');

function failure(what: string, e: unknown): string {
  const err = toAppError(e);
  if (err.code === 'internal') console.error(`${what} failed`, e);
  return Object.values(err.fieldErrors ?? {})[0] ?? err.userMessage;
}

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
  let campaignId: string;
  try {
    ({ campaignId } = await createCampaign({
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
    }));
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error('create campaign failed', e);
    return next(err.fieldErrors ? 'errors.invalid_input' : err.userMessage, err.fieldErrors ?? {});
  }
  revalidatePath('/staff/campaigns');
  redirect(`/staff/campaigns/${campaignId}?ok=campaigns.flash.created`);
}

export async function openCampaignAction(formData: FormData): Promise<void> {
  const campaignId = str(formData, 'campaignId');
  let result: Record<string, string>;
  try {
    const { tasks } = await openCampaign({ access: await getAccess(), input: { campaignId } });
    result = { ok: 'campaigns.flash.opened', n: String(tasks) };
  } catch (e) {
    result = { err: failure('open campaign', e) };
  }
  back(campaignId, result);
}

export async function extendCampaignAction(formData: FormData): Promise<void> {
  const campaignId = str(formData, 'campaignId');
  const closesAt = fromShanghaiInput(str(formData, 'closesAt'));
  if (!closesAt) back(campaignId, { err: 'campaigns.errors.dateTime' });
  let result: Record<string, string>;
  try {
    await extendCampaign({ access: await getAccess(), input: { campaignId, closesAt } });
    result = { ok: 'campaigns.flash.extended' };
  } catch (e) {
    result = { err: failure('extend campaign', e) };
  }
  back(campaignId, result);
}

export async function closeCampaignAction(formData: FormData): Promise<void> {
  const campaignId = str(formData, 'campaignId');
  let result: Record<string, string>;
  try {
    const { overdue } = await closeCampaign({ access: await getAccess(), input: { campaignId } });
    result = { ok: 'campaigns.flash.closed', n: String(overdue) };
  } catch (e) {
    result = { err: failure('close campaign', e) };
  }
  back(campaignId, result);
}

/**
 * The idempotency key was minted by the server when it rendered the button, so a double click
 * (two posts with the same key) is one batch; a fresh render is a new, deliberate reminder.
 */
export async function remindAction(formData: FormData): Promise<void> {
  const campaignId = str(formData, 'campaignId');
  let result: Record<string, string>;
  try {
    const r = await sendReminders({
      access: await getAccess(),
      input: { campaignId, departmentId: str(formData, 'departmentId'), idempotencyKey: str(formData, 'idempotencyKey') },
    });
    result = { ok: r.duplicate ? 'campaigns.flash.remindedAlready' : 'campaigns.flash.reminded', n: String(r.recipients) };
    // E-mail goes out through the job queue: each queued delivery got its job in the same
    // transaction (trigger on notification_deliveries, docs/jobs.md).
  } catch (e) {
    result = { err: failure('send reminders', e) };
  }
  back(campaignId, result);
}
