import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { zodFieldErrors } from '../zod-errors';

export const POLICY_FIELDS = [
  'legalName',
  'latinName',
  'sex',
  'birthDate',
  'ethnicity',
  'idType',
  'idNumber',
  'idIssuingCountry',
  'phone',
  'email',
  'studentNumber',
  'department',
  'cohort',
] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];
export const TIERS = ['self_service', 'approval', 'locked'] as const;
export type Tier = (typeof TIERS)[number];

/** Roster fields come from the registrar's 学籍 import; nothing online may change them. */
export const ROSTER_FIELDS: ReadonlySet<PolicyField> = new Set(['studentNumber', 'department', 'cohort']);
/**
 * Only contact details can take effect without a reviewer: app.apply_self_service refuses a
 * self-service version that touches any identity field, so offering that tier elsewhere would
 * only produce refusals (and identity fields need evidence by the registrar's rules anyway).
 */
export const SELF_SERVICE_FIELDS: ReadonlySet<PolicyField> = new Set(['phone', 'email']);

const note = z
  .string()
  .trim()
  .max(200, 'fields.errors.noteTooLong')
  .transform((v) => v || null);
const ZSetFieldPolicy = z.object({
  field: z.enum(POLICY_FIELDS),
  tier: z.enum(TIERS),
  contactZh: note.optional().default(''),
  contactEn: note.optional().default(''),
});

/** An admin sets how students may change one field, and whom to contact about it. Audited. */
export async function setFieldPolicy({
  access,
  input,
}: {
  access: Access | null;
  input: z.input<typeof ZSetFieldPolicy>;
}): Promise<{ field: PolicyField; tier: Tier }> {
  const me = requireRole(access, 'admin');
  const parsed = ZSetFieldPolicy.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { fieldErrors: zodFieldErrors(parsed.error.issues) });
  const p = parsed.data;
  if (ROSTER_FIELDS.has(p.field) && p.tier !== 'locked')
    throw new AppError('invalid_input', { userMessage: 'fields.errors.rosterLocked', fieldErrors: { tier: 'fields.errors.rosterLocked' } });
  if (p.tier === 'self_service' && !SELF_SERVICE_FIELDS.has(p.field))
    throw new AppError('invalid_input', { userMessage: 'fields.errors.selfServiceContactOnly', fieldErrors: { tier: 'fields.errors.selfServiceContactOnly' } });
  return withRls(me.ctx, async (tx) => {
    const [before] = await tx.query<{ tier: Tier }>('select tier from public.field_policies where field = $1 for update', [p.field]);
    if (!before) throw new AppError('not_found');
    await tx.query(`update public.field_policies set tier = $2, contact_zh = $3, contact_en = $4, updated_by = $5, updated_at = now() where field = $1`, [
      p.field,
      p.tier,
      p.contactZh,
      p.contactEn,
      me.user.id,
    ]);
    // The contact notes are institutional text, not personal data: the tier change is what matters.
    await audit(tx, me.ctx, {
      action: 'field_policy.set',
      entityType: 'field_policy',
      entityId: p.field,
      actorRole: 'admin',
      details: { field: p.field, from: before.tier, to: p.tier },
    });
    return { field: p.field, tier: p.tier };
  });
}
