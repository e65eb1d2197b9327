import 'server-only';
import type { T } from '@/lib/i18n';
import zhCN from '@/lib/i18n/messages/zh-CN';

// The zh-CN catalog serves as the list of keys (en has the same shape, checked by the compiler);
// the values come from the request's translator, so the right language goes to the browser.
const NAMESPACES = ['identity', 'photo', 'errors'] as const;
// Rendered on the server only: no need to ship them.
const SERVER_ONLY = ['identity.roster.', 'identity.view.', 'identity.title', 'identity.intro'];

function collect(node: unknown, prefix: string, out: string[]): void {
  if (typeof node === 'string') {
    out.push(prefix);
    return;
  }
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) collect(v, `${prefix}.${k}`, out);
}

const KEYS: readonly string[] = (() => {
  const out: string[] = [];
  for (const ns of NAMESPACES) collect(zhCN[ns], ns, out);
  return out.filter((k) => !SERVER_ONLY.some((p) => k.startsWith(p)));
})();

/** The strings the identity form needs, flat, in the request's language. */
export function identityClientMessages(t: T): Record<string, string> {
  return Object.fromEntries(KEYS.map((k) => [k, t(k)]));
}
