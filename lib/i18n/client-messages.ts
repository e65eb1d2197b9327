import 'server-only';
import type { MessageKey, T } from './index';
import zhCN from './messages/zh-CN';

// The one collector of client strings. The zh-CN catalog is the list of keys (en has the same
// shape, checked by the compiler); the values come from the request's translator, so the browser
// gets one language and only what its screen needs, never the whole catalog of both.
// Walking the catalog yields only its own keys, hence the one cast to MessageKey.
function collect(node: unknown, prefix: string, out: MessageKey[]): void {
  if (typeof node === 'string') {
    out.push(prefix as MessageKey);
    return;
  }
  if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) collect(v, prefix ? `${prefix}.${k}` : k, out);
}

const keyCache = new Map<string, readonly MessageKey[]>();

/** The keys under these dotted prefixes ('campaigns.form', 'photo'), minus those starting with an `exclude` prefix. */
export function clientMessageKeys(include: readonly string[], exclude: readonly string[] = []): readonly MessageKey[] {
  const id = JSON.stringify([include, exclude]);
  let keys = keyCache.get(id);
  if (!keys) {
    const out: MessageKey[] = [];
    for (const p of include) {
      let node: unknown = zhCN;
      for (const part of p.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
      if (node !== undefined) collect(node, p, out);
    }
    keys = out.filter((k) => !exclude.some((x) => k.startsWith(x)));
    keyCache.set(id, keys);
  }
  return keys;
}

/** Those strings, flat ({ 'photo.errors.tooLarge': '…' }), in the request's language, for a client component. */
export function clientMessages(t: T, include: readonly string[], exclude: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(clientMessageKeys(include, exclude).map((k) => [k, t(k)]));
}
