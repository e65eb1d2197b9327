'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { SecretResult } from '@/components/webhooks/secret-once-form';
import { getT } from '@/lib/i18n/server';
import { runAction, type ActionResult } from '@/lib/server/action';
import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { createWebhookEndpoint } from '@/lib/server/webhooks/create-endpoint';
import { resendWebhookDelivery } from '@/lib/server/webhooks/resend-delivery';
import { rotateWebhookSecret } from '@/lib/server/webhooks/rotate-secret';
import { setWebhookEndpointEnabled } from '@/lib/server/webhooks/set-endpoint-enabled';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function back(officeId: string, params: Record<string, string>, anchor = ''): never {
  // officeId comes from the form: only a uuid goes into the redirect path.
  const id = UUID.test(officeId) ? officeId : '';
  redirect(id ? `/staff/admin/offices/${id}/webhooks?${new URLSearchParams(params)}${anchor}` : '/staff/admin/offices');
}
function messageOf(e: unknown, what: string): string {
  const err = toAppError(e);
  if (err.code === 'internal') console.error(`${what} failed`, e);
  return Object.values(err.fieldErrors ?? {})[0] ?? err.userMessage;
}

/** Answers with the secret instead of redirecting: it is shown once, never put in a URL. */
export async function registerEndpointAction(_prev: ActionResult<SecretResult> | null, fd: FormData): Promise<ActionResult<SecretResult>> {
  const r = await runAction('register webhook endpoint', async () => {
    const e = await createWebhookEndpoint({
      access: await getAccess(),
      input: {
        officeId: String(fd.get('officeId') ?? ''),
        url: String(fd.get('url') ?? ''),
        description: String(fd.get('description') ?? ''),
        events: fd.getAll('events').map(String) as never,
      },
    });
    const { t } = await getT();
    return { secret: e.secret, note: t('webhooks.created') };
  });
  revalidatePath('/staff/admin/offices/[id]/webhooks', 'page');
  return r;
}

export async function rotateSecretAction(_prev: ActionResult<SecretResult> | null, fd: FormData): Promise<ActionResult<SecretResult>> {
  const r = await runAction('rotate webhook secret', async () => {
    const s = await rotateWebhookSecret({ access: await getAccess(), input: { endpointId: String(fd.get('endpointId') ?? '') } });
    const { t, locale } = await getT();
    const until = s.previousValidUntil
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(s.previousValidUntil)
      : null;
    return { secret: s.secret, note: until ? t('webhooks.rotated', { until }) : t('webhooks.rotatedNoOverlap') };
  });
  revalidatePath('/staff/admin/offices/[id]/webhooks', 'page');
  return r;
}

export async function setEnabledAction(fd: FormData): Promise<void> {
  const officeId = String(fd.get('officeId') ?? '');
  const endpointId = String(fd.get('endpointId') ?? '');
  let ok = 'webhooks.unchanged';
  let n = 0;
  let err: string | null = null;
  try {
    const r = await setWebhookEndpointEnabled({ access: await getAccess(), input: { endpointId, enabled: fd.get('enabled') === 'true' } });
    if (r.changed) ok = fd.get('enabled') === 'true' ? 'webhooks.enabledOk' : 'webhooks.disabledOk';
    n = r.queued;
  } catch (e) {
    err = messageOf(e, 'set webhook endpoint enabled');
  }
  revalidatePath('/staff/admin/offices/[id]/webhooks', 'page');
  back(officeId, err ? { err } : { ok, n: String(n) }, UUID.test(endpointId) ? `#endpoint-${endpointId}` : '');
}

export async function resendAction(fd: FormData): Promise<void> {
  const officeId = String(fd.get('officeId') ?? '');
  let err: string | null = null;
  try {
    await resendWebhookDelivery({ access: await getAccess(), input: { deliveryId: String(fd.get('deliveryId') ?? '') } });
  } catch (e) {
    err = messageOf(e, 'resend webhook delivery');
  }
  revalidatePath('/staff/admin/offices/[id]/webhooks', 'page');
  const endpointId = String(fd.get('endpointId') ?? '');
  back(officeId, err ? { err } : { ok: 'webhooks.resent' }, UUID.test(endpointId) ? `#endpoint-${endpointId}` : '');
}
