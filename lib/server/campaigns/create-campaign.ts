import 'server-only';
import { ZCreateCampaign, type TCreateCampaign } from '@/lib/schemas/campaign';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { zodFieldErrors } from '../zod-errors';

export async function createCampaign({ access, input }: { access: Access | null; input: TCreateCampaign }): Promise<{ campaignId: string }> {
  const me = requireRole(access, 'registrar');
  const parsed = ZCreateCampaign.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { fieldErrors: zodFieldErrors(parsed.error.issues) });
  const c = parsed.data;
  return withRls(me.ctx, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `insert into public.campaigns (name, semester, opens_at, closes_at, department_ids, cohorts, sections, created_by)
       values ($1, $2, $3, $4, $5::uuid[], $6::int[], $7::text[], $8) returning id`,
      [c.name, c.semester, c.opensAt, c.closesAt, c.departmentIds, c.cohorts, c.sections, me.user.id],
    );
    await audit(tx, me.ctx, {
      action: 'campaign.create',
      entityType: 'campaign',
      entityId: row!.id,
      actorRole: 'registrar',
      details: { semester: c.semester },
    });
    return { campaignId: row!.id };
  });
}
