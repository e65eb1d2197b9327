import 'server-only';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit/write';
import { withAdmin } from '../../db/admin';
import { getEnv } from '../../env';
import { enqueue } from '../../jobs/enqueue';
import { finalizePayload, narrowToGrant } from '../../sharing/internal/payload';
import { openSecret, signatureHeader } from './secret';
import { post } from './post';
import { resolveTarget } from './url-policy';

interface Claimed {
  id: string;
  attempts: number;
  message_id: string;
  event_type: string;
  student_id: string;
  data: Record<string, unknown>;
  occurred_at: Date;
  endpoint_id: string;
  office_id: string;
  url: string;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: Date | null;
  /** The office's grant now (not when the change was queued). */
  granted_fields: string[];
  id_number_full: boolean;
}

export type DeliverOutcome = 'succeeded' | 'retry' | 'failed' | 'skipped' | 'lease_lost';

/** Exponential backoff: base·2^(n−1) seconds, capped, with up to 10 % jitter so retries spread. */
export function backoffSeconds(attempt: number, base: number, max: number, jitter = Math.random()): number {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1)) * (1 + 0.1 * jitter);
}

/** The body every receiver gets: Standard Webhooks' recommended {type, timestamp, data}. */
export function messageBody(c: Pick<Claimed, 'event_type' | 'occurred_at' | 'data' | 'student_id' | 'granted_fields' | 'id_number_full'>): {
  body: string;
  fields: string[];
} {
  if (c.event_type === 'student.redacted') {
    return { body: JSON.stringify({ type: c.event_type, timestamp: new Date(c.occurred_at).toISOString(), data: { id: c.student_id } }), fields: [] };
  }
  // Re-checked at delivery: what was granted when the change was queued may have been withdrawn.
  const data = finalizePayload(narrowToGrant(c.data, { fields: c.granted_fields, idNumberFull: c.id_number_full }));
  return {
    body: JSON.stringify({ type: c.event_type, timestamp: new Date(c.occurred_at).toISOString(), data }),
    fields: Object.keys(data?.fields ?? {}),
  };
}

/**
 * Claims the next attempt of a pending delivery for one worker: a lease (token + expiry) and an
 * attempt row, in their own transaction. Null when the delivery is not due, done, leased by
 * another worker or its endpoint is disabled.
 */
export async function claimDelivery(deliveryId: string, workerId: string): Promise<(Claimed & { token: string }) | null> {
  const cfg = getEnv().webhooks;
  const token = randomUUID();
  const leaseSeconds = Math.ceil(cfg.timeoutMs / 1000) + 15;
  return withAdmin(async (tx) => {
    const [c] = await tx.query<Claimed>(
      `update public.webhook_deliveries d set lease_token = $2, lease_until = now() + make_interval(secs => $3),
              attempts = d.attempts + 1, last_attempt_at = now()
       from public.webhook_endpoints e left join public.office_grants g on g.office_id = e.office_id
       where d.id = $1 and e.id = d.endpoint_id and d.status = 'pending' and e.disabled_at is null
         and d.next_attempt_at <= now() + interval '1 second' and (d.lease_until is null or d.lease_until < now())
       returning d.id, d.attempts, d.message_id, d.event_type, d.student_id, d.data, d.occurred_at, d.endpoint_id, d.office_id,
                 e.url, e.secret_enc, e.previous_secret_enc, e.previous_secret_expires_at,
                 coalesce(g.fields, '{}') as granted_fields, coalesce(g.id_number_full, false) as id_number_full`,
      [deliveryId, token, leaseSeconds],
    );
    if (c) await tx.query('insert into public.webhook_attempts (delivery_id, attempt, worker_id) values ($1, $2, $3)', [c.id, c.attempts, workerId]);
    return c ? { ...c, token } : null;
  });
}

/**
 * One delivery attempt. The attempt is claimed with a lease (a token and an expiry) in its own
 * transaction, so two workers never make the same attempt, and the HTTP call holds no
 * transaction open; the result is recorded only by the lease holder. A worker that dies mid-call
 * leaves the lease to expire and the sweep queues the delivery again (at least once; receivers
 * deduplicate on webhook-id).
 */
export async function deliverWebhook(deliveryId: string, workerId: string): Promise<DeliverOutcome> {
  const env = getEnv();
  const cfg = env.webhooks;
  const claimed = await claimDelivery(deliveryId, workerId);
  if (!claimed) return 'skipped';

  const secrets = [openSecret(claimed.endpoint_id, claimed.secret_enc)];
  if (claimed.previous_secret_enc && claimed.previous_secret_expires_at && claimed.previous_secret_expires_at > new Date()) {
    secrets.push(openSecret(claimed.endpoint_id, claimed.previous_secret_enc));
  }
  const { body, fields } = messageBody(claimed);
  const at = new Date();
  // Checked again at delivery: a name that resolved to a public address at registration may
  // resolve to a private one now.
  const target = await resolveTarget(claimed.url, { production: env.nodeEnv === 'production' });
  const result =
    'refused' in target
      ? { status: null, error: `refused: ${target.refused}`, durationMs: 0 }
      : await post(
          target,
          {
            'webhook-id': claimed.message_id,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': signatureHeader(secrets, claimed.message_id, at, body),
          },
          body,
          cfg.timeoutMs,
        );
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  const error = ok ? null : (result.error ?? `HTTP ${result.status}`);
  const exhausted = claimed.attempts >= cfg.maxAttempts;
  const nextAt = new Date(Date.now() + backoffSeconds(claimed.attempts, cfg.retryBaseSeconds, cfg.retryMaxSeconds) * 1000);

  return withAdmin(async (tx) => {
    const [d] = await tx.query<{ status: string }>(
      `update public.webhook_deliveries set lease_token = null, lease_until = null, last_response_code = $3, last_error = $4,
              status = $5, next_attempt_at = $6, delivered_at = case when $5 = 'succeeded' then now() else delivered_at end
       where id = $1 and lease_token = $2 returning status`,
      [claimed.id, claimed.token, result.status, error, ok ? 'succeeded' : exhausted ? 'failed' : 'pending', ok || exhausted ? new Date() : nextAt],
    );
    if (!d) return 'lease_lost' as const;
    await tx.query(
      'update public.webhook_attempts set finished_at = now(), response_code = $3, error = $4, duration_ms = $5 where delivery_id = $1 and attempt = $2',
      [claimed.id, claimed.attempts, result.status, error, result.durationMs],
    );
    if (ok) {
      await tx.query('update public.webhook_endpoints set consecutive_failures = 0 where id = $1 and consecutive_failures <> 0', [claimed.endpoint_id]);
    } else {
      const [e] = await tx.query<{ consecutive_failures: number; disabled_now: boolean }>(
        `update public.webhook_endpoints set consecutive_failures = consecutive_failures + 1,
                disabled_at = case when disabled_at is null and consecutive_failures + 1 >= $2 then now() else disabled_at end,
                disabled_reason = case when disabled_at is null and consecutive_failures + 1 >= $2 then 'failures' else disabled_reason end
         where id = $1 returning consecutive_failures, (disabled_reason = 'failures' and disabled_at = now()) as disabled_now`,
        [claimed.endpoint_id, cfg.maxFailures],
      );
      if (e?.disabled_now) {
        await enqueue(tx, 'webhook.notify_disabled', { endpointId: claimed.endpoint_id }, { jobKey: `webhook-disabled:${claimed.endpoint_id}` });
        await audit(
          tx,
          { userId: null, actor: { kind: 'system', job: 'webhook.deliver' } },
          {
            action: 'webhook.endpoint_disabled',
            entityType: 'webhook_endpoint',
            entityId: claimed.endpoint_id,
            details: { office_id: claimed.office_id, consecutive_failures: e.consecutive_failures },
          },
        );
      } else if (!exhausted) {
        await enqueue(tx, 'webhook.deliver', { deliveryId: claimed.id }, { runAt: nextAt, jobKey: `webhook:${claimed.id}` });
      }
    }
    await audit(
      tx,
      { userId: null, actor: { kind: 'system', job: 'webhook.deliver' } },
      {
        action: 'webhook.deliver',
        entityType: 'webhook_delivery',
        entityId: claimed.id,
        details: {
          office_id: claimed.office_id,
          endpoint_id: claimed.endpoint_id,
          event_type: claimed.event_type,
          student_id: claimed.student_id,
          fields,
          records: 1,
          attempt: claimed.attempts,
          ok,
          response_code: result.status,
        },
      },
    );
    return ok ? 'succeeded' : exhausted ? 'failed' : 'retry';
  });
}
