import 'server-only';
import type { T } from '@/lib/i18n';
import zhCN from '@/lib/i18n/messages/zh-CN';

// Keys come from the zh-CN catalog (en has the same shape, checked by the compiler); values from
// the request's translator, so the browser gets one language and only what the screen needs.
const NAMESPACES = ['review', 'errors', 'integrity'] as const;
const SKIP = ['review.states.', 'review.filters.', 'review.sorts.', 'review.list.', 'review.events.'];

function collect(node: unknown, prefix: string, out: string[]): void {
  if (typeof node === 'string') {
    out.push(prefix);
    return;
  }
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) collect(v, `${prefix}.${k}`, out);
}

const KEYS: readonly string[] = (() => {
  const out: string[] = [];
  for (const ns of NAMESPACES) collect((zhCN as Record<string, unknown>)[ns] ?? {}, ns, out);
  return out.filter((k) => !SKIP.some((p) => k.startsWith(p)));
})();

export function reviewClientMessages(t: T): Record<string, string> {
  return Object.fromEntries(KEYS.map((k) => [k, t(k)]));
}
