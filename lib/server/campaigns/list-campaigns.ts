import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';

export interface CampaignListItem {
  id: string;
  name: string;
  semester: string;
  status: 'draft' | 'open' | 'closed';
  opensAt: Date;
  closesAt: Date;
  /** tasks within the caller's scope (RLS: a reviewer's departments, the registrar all) */
  total: number;
  confirmed: number;
}

/** Campaigns, newest first, with completion in the caller's scope. */
export async function listCampaigns({ access }: { access: Access | null }): Promise<CampaignListItem[]> {
  const me = requireRole(access, 'reviewer', 'registrar');
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{
      id: string;
      name: string;
      semester: string;
      status: CampaignListItem['status'];
      opens_at: Date;
      closes_at: Date;
      total: number;
      confirmed: number;
    }>(
      `select c.id, c.name, c.semester, c.status, c.opens_at, c.closes_at,
              coalesce(t.total, 0)::int as total, coalesce(t.confirmed, 0)::int as confirmed
       from public.campaigns c
       left join (select campaign_id, count(*) as total, count(*) filter (where status = 'confirmed') as confirmed
                  from public.confirmation_tasks group by campaign_id) t on t.campaign_id = c.id
       order by c.created_at desc limit 100`,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      semester: r.semester,
      status: r.status,
      opensAt: r.opens_at,
      closesAt: r.closes_at,
      total: r.total,
      confirmed: r.confirmed,
    }));
  });
}
