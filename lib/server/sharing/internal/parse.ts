import 'server-only';
import type { z } from 'zod';
import { AppError } from '../../errors';
import { zodFieldErrors } from '../../zod-errors';

/** Bad input is a 400 with per-field i18n keys, never an internal error. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const fieldErrors = zodFieldErrors(
      r.error.issues.map((i) => ({ path: i.path, message: i.message.includes('.') && !i.message.includes(' ') ? i.message : 'errors.invalid_input' })),
    );
    throw new AppError('invalid_input', { message: r.error.message, fieldErrors });
  }
  return r.data;
}
