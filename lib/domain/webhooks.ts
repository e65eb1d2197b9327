/**
 * Webhook event types an office can subscribe to (step 4). Names match the SQL check on
 * public.webhook_endpoints.events and the `type` of each message body.
 */
export const WEBHOOK_EVENTS = ['student.verified', 'student.changed', 'student.redacted'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
