import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { headers } from 'next/headers';
import { toAppError } from './errors';
import { getEnv } from './env';
import { assertOrigin } from './http/origin';
import { retryAfterOf } from './http/respond';
import { assertCleanStrings } from './http/strings';

import type { ActionResult } from '@/lib/domain/result';

export type { ActionResult };

/**
 * The adapter for every server action and form action (the route-handler twin is apiRoute in
 * lib/server/http): Origin against AUTH_URL (Next.js compares it with the Host and
 * X-Forwarded-Host headers, which a client can set; proxy.ts already answers a foreign Origin
 * with a clean 403, this is the second line), NUL bytes and lone surrogates anywhere in `input`
 * refused, then the verb. Its AppError comes back as an i18n key plus per-field keys; unexpected
 * errors are logged here, never shown. redirect()/notFound() inside `fn` pass through.
 *
 * Next.js caps an action's body (serverActions.bodySizeLimit, 1 MB) while reading it, before the
 * action runs; proxy.ts refuses a declared Content-Length over that limit first.
 */
export async function runAction<T>(what: string, fn: () => Promise<T>, opts: { input?: unknown } = {}): Promise<ActionResult<T>> {
  try {
    const env = getEnv();
    assertOrigin('POST', await headers(), { origin: env.http.origin, trustProxy: env.http.trustProxy });
    assertCleanStrings(opts.input);
    return { ok: true, data: await fn() };
  } catch (e) {
    unstable_rethrow(e);
    const retry = retryAfterOf(e);
    if (retry !== null && !(e instanceof Error && e.name === 'AppError')) return { ok: false, error: 'http.rateLimited', code: 'rate_limited' };
    const err = toAppError(e);
    if (err.code === 'internal') console.error(`${what} failed`, e);
    return { ok: false, error: err.userMessage, code: err.code, fieldErrors: err.fieldErrors };
  }
}

/** For a form that shows one message: the first field's message, else the form's. */
export function messageOf(r: ActionResult<unknown>): string | null {
  if (r.ok) return null;
  return Object.values(r.fieldErrors ?? {})[0] ?? r.error;
}
