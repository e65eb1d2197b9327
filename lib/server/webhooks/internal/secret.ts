import 'server-only';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { getCipher } from '../../crypto';

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The additional data binding a sealed secret to its endpoint and slot (also used by key rotation). */
export const webhookSecretAad = (endpointId: string, which: 'current' | 'previous') => `webhook_endpoints.secret:${endpointId}:${which}`;

export const sealSecret = (endpointId: string, secret: string, which: 'current' | 'previous' = 'current') =>
  getCipher().encrypt(secret, webhookSecretAad(endpointId, which));
export const openSecret = (endpointId: string, token: string, which: 'current' | 'previous' = 'current') =>
  getCipher().decrypt(token, webhookSecretAad(endpointId, which));

/**
 * The webhook-signature header: one `v1,<base64>` per secret, space-separated (the spec's way of
 * sending several during a rotation; receivers accept the message if any one verifies).
 */
export function signatureHeader(secrets: string[], msgId: string, at: Date, body: string): string {
  return secrets.map((s) => new Webhook(s).sign(msgId, at, body)).join(' ');
}
