import 'server-only';
import { ZStudentId } from '@/lib/schemas/api-v1';
import { audit } from '../audit/write';
import { withRls, type Ctx } from '../db/rls';
import { AppError } from '../errors';
import { actingOffice } from './internal/office';
import { parseInput } from './internal/parse';
import { finalizeShared, type SharedRow, type SharedStudent } from './internal/payload';
import { requireApiClient } from './sync-students';

/** GET /api/v1/students/{id}: one verified student with the granted fields, or 404. Audited either way. */
export async function getSharedStudent({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<SharedStudent> {
  const client = requireApiClient(ctx);
  const id = parseInput(ZStudentId, input.id);
  // The refusal is audited too: the transaction returns null instead of throwing, so the event commits.
  const found = await withRls(ctx, async (tx) => {
    const office = await actingOffice(tx, client.officeId);
    const [row] = await tx.query<SharedRow>('select * from public.office_students where office_id = $1 and student_id = $2', [office.id, id]);
    await audit(tx, ctx, {
      action: 'api.student_get',
      entityType: 'student',
      entityId: id,
      actorRole: 'api_client',
      details: {
        office_id: office.id,
        office_code: office.code,
        api_client_id: client.clientId,
        fields: office.fields,
        count: row ? 1 : 0,
        student_ids: row ? [id] : [],
      },
    });
    return row ? finalizeShared(row, office.fields) : null;
  });
  if (!found) throw new AppError('not_found');
  return found;
}
