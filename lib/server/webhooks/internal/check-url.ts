import 'server-only';
import { AppError } from '../../errors';
import { getEnv } from '../../env';
import { resolveTarget } from './url-policy';

/**
 * Refuses an endpoint URL the delivery worker would refuse: https only and public addresses only in
 * production (SSRF: an office admin must not be able to point the server at the campus network or
 * the cloud metadata address); http and loopback are fine in development and tests. Checked again
 * before every delivery, since DNS can change.
 */
export async function assertDeliverableUrl(url: string): Promise<void> {
  const r = await resolveTarget(url, { production: getEnv().nodeEnv === 'production' });
  if ('refused' in r) {
    const key = `webhooks.errors.${r.refused}`;
    throw new AppError('invalid_input', { message: `webhook url refused: ${r.refused}`, userMessage: key, fieldErrors: { url: key } });
  }
}
