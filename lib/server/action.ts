import 'server-only';
import { toAppError } from './errors';

import type { ActionResult } from '@/lib/domain/result';

export type { ActionResult };

/**
 * The shape every client-called server action answers with: the verb's result, or its AppError
 * as an i18n key (plus per-field keys). Unexpected errors are logged here, never shown.
 */
export async function runAction<T>(what: string, fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'internal') console.error(`${what} failed`, e);
    return { ok: false, error: err.userMessage, code: err.code, fieldErrors: err.fieldErrors };
  }
}
