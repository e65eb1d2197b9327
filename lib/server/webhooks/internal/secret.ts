import 'server-only';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { getCipher } from '../../crypto';

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The additional data binding a sealed secret to its endpoint — not to the column: a rotation
 * moves the current ciphertext to previous_secret_enc unchanged (app.rotate_webhook_secret;
 * requests cannot read it to re-seal). Key rotation (lib/server/crypto/encrypted-columns.ts) uses
 * the same binding for both columns.
 */
export const webhookSecretAad = (endpointId: string) => `webhook_endpoints.secret:${endpointId}`;

export const sealSecret = (endpointId: string, secret: string) => getCipher().encrypt(secret, webhookSecretAad(endpointId));
export const openSecret = (endpointId: string, token: string) => getCipher().decrypt(token, webhookSecretAad(endpointId));

/**
 * The webhook-signature header: one `v1,<base64>` per secret, space-separated (the spec's way of
 * sending several during a rotation; receivers accept the message if any one verifies).
 */
export function signatureHeader(secrets: string[], msgId: string, at: Date, body: string): string {
  return secrets.map((s) => new Webhook(s).sign(msgId, at, body)).join(' ');
}
