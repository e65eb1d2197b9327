import { z } from 'zod';
import { SHARE_FIELDS } from '@/lib/domain/sharing';

/** Admin: an office's grant. Unknown field names are refused (the database refuses them too). */
export const ZSetGrant = z.object({
  officeId: z.uuid(),
  fields: z
    .array(z.enum(SHARE_FIELDS))
    .max(SHARE_FIELDS.length)
    .transform((f) => [...new Set(f)]),
  idNumberFull: z.boolean().default(false),
});
export type TSetGrant = z.input<typeof ZSetGrant>;

export const ZCreateOffice = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,31}$/, 'sharing.errors.officeCode'),
  nameZh: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(200),
});
export type TCreateOffice = z.input<typeof ZCreateOffice>;

export const ZCreateApiClient = z.object({
  officeId: z.uuid(),
  name: z.string().trim().min(1, 'sharing.errors.clientName').max(100),
  /** Tokens always expire; a year at most, so a forgotten integration does not hold access forever. */
  expiresInDays: z.coerce.number().int().min(1).max(365).default(90),
});
export type TCreateApiClient = z.input<typeof ZCreateApiClient>;

export const ZRevokeApiClient = z.object({ clientId: z.uuid() });

/** Portal and export filters (query string). Empty strings mean "no filter". */
const emptyToUndef = (v: unknown) => (v === '' || v == null ? undefined : v);
export const ZPortalQuery = z.object({
  q: z.preprocess(emptyToUndef, z.string().trim().max(60).optional()),
  department: z.preprocess(
    emptyToUndef,
    z
      .string()
      .regex(/^[A-Z0-9_-]{1,32}$/)
      .optional(),
  ),
  cohort: z.preprocess(emptyToUndef, z.coerce.number().int().min(1950).max(2100).optional()),
  changedSince: z.preprocess(emptyToUndef, z.coerce.date().optional()),
  page: z.preprocess(emptyToUndef, z.coerce.number().int().min(1).max(10_000).default(1)),
  office: z.preprocess(emptyToUndef, z.uuid().optional()),
});
export type TPortalQuery = z.input<typeof ZPortalQuery>;
