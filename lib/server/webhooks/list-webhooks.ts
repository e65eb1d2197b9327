import 'server-only';
import { ZListWebhooks, type TListWebhooks } from '@/lib/schemas/webhooks';
import type { DeliveryStatus, WebhookEvent } from '@/lib/domain/webhooks';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { parseInput } from '../sharing/internal/parse';

export interface WebhookDeliveryView {
  id: string;
  messageId: string;
  eventType: WebhookEvent;
  studentId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastResponseCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  events: WebhookEvent[];
  consecutiveFailures: number;
  disabledAt: Date | null;
  disabledReason: 'failures' | 'admin' | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  counts: Record<DeliveryStatus, number>;
  deliveries: WebhookDeliveryView[];
}

/**
 * Admin: one office's endpoints, each with its delivery counts and its latest deliveries (the
 * delivery log: status, attempts, next try, last response code), optionally one status only.
 */
export async function listWebhooks({
  access,
  input,
}: {
  access: Access | null;
  input: TListWebhooks;
}): Promise<{ office: { id: string; code: string; nameZh: string; nameEn: string }; endpoints: WebhookEndpointView[] }> {
  const me = requireRole(access, 'admin');
  const q = parseInput(ZListWebhooks, input);
  return withRls(me.ctx, async (tx) => {
    const [office] = await tx.query<{ id: string; code: string; name_zh: string; name_en: string }>(
      'select id, code, name_zh, name_en from public.offices where id = $1',
      [q.officeId],
    );
    if (!office) throw new AppError('not_found');
    const endpoints = await tx.query<{
      id: string;
      url: string;
      description: string;
      events: WebhookEvent[];
      consecutive_failures: number;
      disabled_at: Date | null;
      disabled_reason: 'failures' | 'admin' | null;
      previous_secret_expires_at: Date | null;
      created_at: Date;
      pending: number;
      succeeded: number;
      failed: number;
    }>(
      `select e.id, e.url, e.description, e.events, e.consecutive_failures, e.disabled_at, e.disabled_reason,
              case when e.previous_secret_expires_at > now() then e.previous_secret_expires_at end as previous_secret_expires_at, e.created_at,
              (select count(*)::int from public.webhook_deliveries d where d.endpoint_id = e.id and d.status = 'pending') as pending,
              (select count(*)::int from public.webhook_deliveries d where d.endpoint_id = e.id and d.status = 'succeeded') as succeeded,
              (select count(*)::int from public.webhook_deliveries d where d.endpoint_id = e.id and d.status = 'failed') as failed
       from public.webhook_endpoints e where e.office_id = $1 order by e.created_at`,
      [office.id],
    );
    const deliveries = await tx.query<{
      id: string;
      endpoint_id: string;
      message_id: string;
      event_type: WebhookEvent;
      student_id: string;
      status: DeliveryStatus;
      attempts: number;
      next_attempt_at: Date;
      last_attempt_at: Date | null;
      last_response_code: number | null;
      last_error: string | null;
      delivered_at: Date | null;
      created_at: Date;
    }>(
      `select d.* from public.webhook_endpoints e
       cross join lateral (
         select d.id, d.endpoint_id, d.message_id, d.event_type, d.student_id, d.status, d.attempts, d.next_attempt_at,
                d.last_attempt_at, d.last_response_code, d.last_error, d.delivered_at, d.created_at
         from public.webhook_deliveries d
         where d.endpoint_id = e.id and ($2::text is null or d.status = $2)
         order by d.created_at desc, d.id desc limit $3) d
       where e.office_id = $1`,
      [office.id, q.status ?? null, q.limit],
    );
    return {
      office: { id: office.id, code: office.code, nameZh: office.name_zh, nameEn: office.name_en },
      endpoints: endpoints.map((e) => ({
        id: e.id,
        url: e.url,
        description: e.description,
        events: e.events,
        consecutiveFailures: e.consecutive_failures,
        disabledAt: e.disabled_at,
        disabledReason: e.disabled_reason,
        previousSecretExpiresAt: e.previous_secret_expires_at,
        createdAt: e.created_at,
        counts: { pending: e.pending, succeeded: e.succeeded, failed: e.failed },
        deliveries: deliveries
          .filter((d) => d.endpoint_id === e.id)
          .map((d) => ({
            id: d.id,
            messageId: d.message_id,
            eventType: d.event_type,
            studentId: d.student_id,
            status: d.status,
            attempts: d.attempts,
            nextAttemptAt: d.next_attempt_at,
            lastAttemptAt: d.last_attempt_at,
            lastResponseCode: d.last_response_code,
            lastError: d.last_error,
            deliveredAt: d.delivered_at,
            createdAt: d.created_at,
          })),
      })),
    };
  });
}

/** Admin: endpoints disabled after a run of failures, for the notice on the offices page. */
export async function listDisabledWebhooks({
  access,
}: {
  access: Access | null;
}): Promise<{ endpointId: string; officeId: string; url: string; disabledAt: Date }[]> {
  const me = requireRole(access, 'admin');
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{ id: string; office_id: string; url: string; disabled_at: Date }>(
      `select id, office_id, url, disabled_at from public.webhook_endpoints where disabled_reason = 'failures' order by disabled_at desc`,
    );
    return rows.map((r) => ({ endpointId: r.id, officeId: r.office_id, url: r.url, disabledAt: r.disabled_at }));
  });
}
