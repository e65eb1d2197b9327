import 'server-only';
import type { T } from '@/lib/i18n';
import { clientMessages } from '@/lib/i18n/client-messages';

// The queue's words are rendered on the server; the workspace needs the rest.
const SKIP = ['review.states.', 'review.filters.', 'review.sorts.', 'review.list.', 'review.events.'];

export function reviewClientMessages(t: T): Record<string, string> {
  return clientMessages(t, ['review', 'errors', 'integrity', 'ratelimit.reveal'], SKIP);
}
