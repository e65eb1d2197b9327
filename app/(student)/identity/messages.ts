import 'server-only';
import type { T } from '@/lib/i18n';
import { clientMessages } from '@/lib/i18n/client-messages';

// Rendered on the server only: no need to ship them.
const SERVER_ONLY = ['identity.roster.', 'identity.view.', 'identity.title', 'identity.intro'];

/** The strings the identity form needs, flat, in the request's language. */
export function identityClientMessages(t: T): Record<string, string> {
  return clientMessages(t, ['identity', 'photo', 'errors', 'ratelimit.upload', 'outbox'], SERVER_ONLY);
}
