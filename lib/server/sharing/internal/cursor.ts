import 'server-only';
import { z } from 'zod';
import { AppError } from '../../errors';

/**
 * The sync cursor, opaque to clients (base64url JSON). `b` is the bound (an xmin) of the sync in
 * progress; `t`/`s` the last position handed out; `c` the changed_since of the first page.
 * Without `b` the next page starts a new sync after position (t, s). See decision 042.
 */
const ZCursor = z.object({
  v: z.literal(1),
  b: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  t: z.string().regex(/^\d{1,20}$/),
  s: z.number().int().min(-1),
  c: z.string().datetime().optional(),
});
export type Cursor = z.infer<typeof ZCursor>;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): Cursor {
  try {
    return ZCursor.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch (e) {
    throw new AppError('invalid_input', {
      message: 'bad cursor',
      userMessage: 'sharing.errors.cursor',
      fieldErrors: { cursor: 'sharing.errors.cursor' },
      cause: e,
    });
  }
}
