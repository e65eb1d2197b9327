/**
 * One idempotency key per submission attempt, kept in sessionStorage until the attempt succeeds:
 * a double tap, or a retry after the connection dropped mid-request (the server may have stored
 * the version and only the answer got lost), sends the same key, and the server answers with the
 * version it already has instead of creating a second one.
 */
const memory = new Map<string, string>();

/** A fresh RFC 4122 v4 UUID: an idempotency key for one upload or one outbox item. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Older WebViews lack randomUUID: an RFC 4122 v4 UUID from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// sessionStorage throws in some private modes and sandboxed WebViews: fall back to memory.
function read(name: string): string | null {
  try {
    return sessionStorage.getItem(name);
  } catch {
    return memory.get(name) ?? null;
  }
}

function write(name: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(name);
    else sessionStorage.setItem(name, value);
  } catch {
    if (value === null) memory.delete(name);
    else memory.set(name, value);
  }
}

/** The key of the pending attempt for this scope, created on first use. */
export function attemptKey(scope: string): string {
  const name = `idem:${scope}`;
  let key = read(name);
  if (!key) {
    key = uuid();
    write(name, key);
  }
  return key;
}

/** Call after the server confirmed the attempt; the next submission gets a new key. */
export function clearAttemptKey(scope: string): void {
  write(`idem:${scope}`, null);
}
