import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';
import { AppError } from '../errors';

interface CampaignRow {
  id: string;
  status: 'draft' | 'open' | 'closed';
  closes_at: Date;
  revision: number;
}

async function lockCampaign(tx: Tx, id: string): Promise<CampaignRow> {
  const [c] = await tx.query<CampaignRow>('select id, status, closes_at, revision from public.campaigns where id = $1 for update', [id]);
  if (!c) {
    // A closed campaign is read-only: RLS hides it from `for update`, so look again without the lock.
    const [ro] = await tx.query<CampaignRow>('select id, status, closes_at, revision from public.campaigns where id = $1', [id]);
    if (ro) throw new AppError('conflict', { userMessage: 'campaigns.errors.closed' });
    throw new AppError('not_found');
  }
  return c;
}

/**
 * Opens a campaign: one task per student in scope (all departments / cohorts when the lists are
 * empty), created in one statement so a 30,000-student campus opens in one round trip.
 */
export async function openCampaign({ access, input }: { access: Access | null; input: { campaignId: string } }): Promise<{ tasks: number }> {
  const me = requireRole(access, 'registrar');
  const { campaignId } = z.object({ campaignId: z.uuid() }).parse(input);
  return withRls(me.ctx, async (tx) => {
    const c = await lockCampaign(tx, campaignId);
    if (c.status !== 'draft') throw new AppError('conflict', { userMessage: 'campaigns.errors.notDraft' });
    const tasks = await tx.query(
      `insert into public.confirmation_tasks (campaign_id, student_id, department_id, cohort)
       select c.id, s.id, s.department_id, s.cohort from public.campaigns c join public.students s
         on (cardinality(c.department_ids) = 0 or s.department_id = any (c.department_ids))
        and (cardinality(c.cohorts) = 0 or s.cohort = any (c.cohorts))
       where c.id = $1
       on conflict (campaign_id, student_id) do nothing returning id`,
      [campaignId],
    );
    await tx.query(`update public.campaigns set status = 'open', opened_at = now() where id = $1`, [campaignId]);
    await audit(tx, me.ctx, {
      action: 'campaign.open',
      entityType: 'campaign',
      entityId: campaignId,
      actorRole: 'registrar',
      details: { tasks: tasks.length },
    });
    return { tasks: tasks.length };
  });
}

export async function extendCampaign({ access, input }: { access: Access | null; input: { campaignId: string; closesAt: string } }): Promise<void> {
  const me = requireRole(access, 'registrar');
  const { campaignId, closesAt } = z
    .object({ campaignId: z.uuid(), closesAt: z.iso.datetime({ offset: true }).or(z.iso.datetime({ local: true })) })
    .parse(input);
  await withRls(me.ctx, async (tx) => {
    const c = await lockCampaign(tx, campaignId);
    if (new Date(closesAt) <= c.closes_at) throw new AppError('invalid_input', { fieldErrors: { closesAt: 'campaigns.errors.extendLater' } });
    await tx.query('update public.campaigns set closes_at = $2 where id = $1', [campaignId, closesAt]);
    // Tasks marked overdue under the old deadline are open again.
    await tx.query(
      `update public.confirmation_tasks set status = case when correction_request_id is null then 'pending' else 'correction_pending' end, updated_at = now()
                    where campaign_id = $1 and status = 'overdue'`,
      [campaignId],
    );
    await audit(tx, me.ctx, {
      action: 'campaign.extend',
      entityType: 'campaign',
      entityId: campaignId,
      actorRole: 'registrar',
      details: { from: c.closes_at, to: closesAt },
    });
  });
}

export async function closeCampaign({ access, input }: { access: Access | null; input: { campaignId: string } }): Promise<{ overdue: number }> {
  const me = requireRole(access, 'registrar');
  const { campaignId } = z.object({ campaignId: z.uuid() }).parse(input);
  return withRls(me.ctx, async (tx) => {
    const c = await lockCampaign(tx, campaignId);
    const overdue = await markOverdue(tx, campaignId, true);
    await tx.query(`update public.campaigns set status = 'closed', closed_at = now() where id = $1`, [c.id]);
    await audit(tx, me.ctx, { action: 'campaign.close', entityType: 'campaign', entityId: campaignId, actorRole: 'registrar', details: { overdue } });
    return { overdue };
  });
}

/** Unfinished tasks past the deadline (or of a closing campaign) become overdue, for follow-up. */
export async function markOverdue(tx: Tx, campaignId: string, closing = false): Promise<number> {
  const rows = await tx.query(
    `update public.confirmation_tasks t set status = 'overdue', updated_at = now()
     from public.campaigns c
     where c.id = t.campaign_id and t.campaign_id = $1 and t.status = 'pending' and ($2 or c.closes_at < now())
     returning t.id`,
    [campaignId, closing],
  );
  return rows.length;
}
