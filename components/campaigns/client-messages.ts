import 'server-only';
import type { T } from '@/lib/i18n';
import zhCN from '@/lib/i18n/messages/zh-CN';

// The zh-CN catalog is the list of keys (en has the same shape, checked by the compiler); the
// values come from the request's translator, so the browser gets its language only.
function collect(node: unknown, prefix: string, out: string[]): void {
  if (typeof node === 'string') {
    out.push(prefix);
    return;
  }
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) collect(v, prefix ? `${prefix}.${k}` : k, out);
}

/** The strings under these dotted prefixes ('campaigns.form', 'photo'), flat, for a client component. */
export function clientMessages(t: T, prefixes: readonly string[]): Record<string, string> {
  const out: string[] = [];
  for (const p of prefixes) {
    let node: unknown = zhCN;
    for (const part of p.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (node !== undefined) collect(node, p, out);
  }
  return Object.fromEntries(out.map((k) => [k, t(k)]));
}
