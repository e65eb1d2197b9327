import { z } from 'zod';
import { DELIVERY_STATUSES, WEBHOOK_EVENTS } from '@/lib/domain/webhooks';

/** Admin: register an endpoint. Whether the URL may be reached is decided by the server (SSRF). */
export const ZCreateWebhookEndpoint = z.object({
  officeId: z.uuid(),
  url: z
    .string()
    .trim()
    .min(1, 'webhooks.errors.url')
    .max(2000, 'webhooks.errors.url')
    .regex(/^https?:\/\//i, 'webhooks.errors.url'),
  description: z.string().trim().max(200).default(''),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, 'webhooks.errors.events'))
    .min(1, 'webhooks.errors.events')
    .transform((e) => WEBHOOK_EVENTS.filter((x) => e.includes(x))),
});
export type TCreateWebhookEndpoint = z.input<typeof ZCreateWebhookEndpoint>;

export const ZWebhookEndpointRef = z.object({ endpointId: z.uuid() });
export type TWebhookEndpointRef = z.input<typeof ZWebhookEndpointRef>;

export const ZSetWebhookEnabled = z.object({ endpointId: z.uuid(), enabled: z.boolean() });
export type TSetWebhookEnabled = z.input<typeof ZSetWebhookEnabled>;

export const ZResendDelivery = z.object({ deliveryId: z.uuid() });
export type TResendDelivery = z.input<typeof ZResendDelivery>;

/** The admin webhooks page: one office, optionally one status, newest first, keyset paging. */
const emptyToUndef = (v: unknown) => (v === '' || v == null ? undefined : v);
export const ZListWebhooks = z.object({
  officeId: z.uuid(),
  status: z.preprocess(emptyToUndef, z.enum(DELIVERY_STATUSES).optional()),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListWebhooks = z.input<typeof ZListWebhooks>;
