import 'server-only';
import { orderedFields } from '@/lib/domain/sharing';
import { ZSetGrant, type TSetGrant } from '@/lib/schemas/sharing';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { parseInput } from './internal/parse';
import { AppError } from '../errors';

/**
 * Sets an office's granted fields. The view reads the grant on every query, so the change applies
 * to the office's next request. Audited with the fields before and after. Setting the same grant
 * again is a no-op (no audit row), so a retried form post changes nothing.
 */
export async function setOfficeGrant({ access, input }: { access: Access | null; input: TSetGrant }): Promise<{ changed: boolean }> {
  const me = requireRole(access, 'admin');
  const g = parseInput(ZSetGrant, input);
  const fields = orderedFields(g.fields);
  const full = fields.includes('id_number') && g.idNumberFull;
  return withRls(me.ctx, async (tx) => {
    const [office] = await tx.query<{ id: string; code: string }>('select id, code from public.offices where id = $1', [g.officeId]);
    if (!office) throw new AppError('not_found');
    const [before] = await tx.query<{ fields: string[]; id_number_full: boolean }>(
      'select fields, id_number_full from public.office_grants where office_id = $1 for update',
      [office.id],
    );
    if (before && before.fields.join() === fields.join() && before.id_number_full === full) return { changed: false };
    await tx.query(
      `insert into public.office_grants (office_id, fields, id_number_full, updated_by, updated_at) values ($1, $2, $3, $4, now())
       on conflict (office_id) do update set fields = excluded.fields, id_number_full = excluded.id_number_full,
         updated_by = excluded.updated_by, updated_at = now()`,
      [office.id, fields, full, me.user.id],
    );
    await audit(tx, me.ctx, {
      action: 'sharing.grant_set',
      entityType: 'office',
      entityId: office.id,
      actorRole: 'admin',
      details: {
        office_id: office.id,
        office_code: office.code,
        fields,
        id_number_full: full,
        before: before ? { fields: before.fields, id_number_full: before.id_number_full } : null,
      },
    });
    return { changed: true };
  });
}
