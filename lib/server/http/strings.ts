import 'server-only';
import { AppError } from '../errors';

/**
 * PostgreSQL cannot store U+0000 in text or jsonb ("invalid byte sequence for encoding UTF8"), and
 * a lone UTF-16 surrogate has no UTF-8 form at all: such a string reaching a query is a 500 at best
 * and a silently mangled value at worst. Every string a route or action receives is checked here,
 * once, before any verb sees it.
 */
const NUL = '\u0000';
const MAX_DEPTH = 32;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badString(s: string): boolean {
  return s.includes(NUL) || LONE_SURROGATE.test(s);
}

/** The path of the first string (or key) that Postgres could not store, or null when all are fine. */
export function findBadString(value: unknown, path = '', depth = 0): string | null {
  if (depth > MAX_DEPTH) return path || 'form';
  if (typeof value === 'string') return badString(value) ? path || 'form' : null;
  if (value == null || typeof value !== 'object') return null;
  if (typeof FormData !== 'undefined' && value instanceof FormData) {
    for (const [k, v] of value.entries()) {
      if (badString(k)) return 'form';
      if (typeof v === 'string' ? badString(v) : badString(v.name)) return k;
    }
    return null;
  }
  if (value instanceof URLSearchParams) {
    for (const [k, v] of value.entries()) if (badString(k) || badString(v)) return k;
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findBadString(value[i], path || String(i), depth + 1);
      if (p) return p;
    }
    return null;
  }
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer || (typeof Blob !== 'undefined' && value instanceof Blob)) return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (badString(k)) return path || 'form';
    // Field errors name the top-level field: that is what a form can highlight.
    const p = findBadString(v, path || k, depth + 1);
    if (p) return p;
  }
  return null;
}

/** Throws a 400 naming the field when any string in `value` contains NUL or a lone surrogate. */
export function assertCleanStrings(value: unknown): void {
  const at = findBadString(value);
  if (at) {
    throw new AppError('invalid_input', {
      message: `NUL byte, lone surrogate or nesting too deep in "${at.slice(0, 64)}"`,
      userMessage: 'http.badCharacters',
      fieldErrors: { [at.slice(0, 64)]: 'http.badCharacters' },
    });
  }
}
