import 'server-only';
import type { Access } from '../auth/access';
import { AppError } from '../errors';
import { withRls } from '../db/rls';
import type { PolicyField, Tier } from './set-field-policy';

export interface FieldPolicy {
  field: PolicyField;
  tier: Tier;
  contactZh: string | null;
  contactEn: string | null;
  updatedAt: Date;
  updatedByName: string | null;
}

/** Every field's tier and contact note: students see it on the correction form, admins edit it. */
export async function listFieldPolicies({ access }: { access: Access | null }): Promise<FieldPolicy[]> {
  if (!access) throw new AppError('unauthenticated');
  return withRls(access.ctx, async (tx) => {
    // The editor's name is visible to admins (app_users RLS); others simply get null.
    const rows = await tx.query<{
      field: PolicyField;
      tier: Tier;
      contact_zh: string | null;
      contact_en: string | null;
      updated_at: Date;
      name: string | null;
    }>(
      `select p.field, p.tier, p.contact_zh, p.contact_en, p.updated_at, u.display_name as name
       from public.field_policies p left join public.app_users u on u.id = p.updated_by`,
    );
    return rows.map((r) => ({
      field: r.field,
      tier: r.tier,
      contactZh: r.contact_zh,
      contactEn: r.contact_en,
      updatedAt: r.updated_at,
      updatedByName: r.name,
    }));
  });
}
