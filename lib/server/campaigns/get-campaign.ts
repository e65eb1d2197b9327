import 'server-only';
import { z } from 'zod';
import type { CampaignSection } from '@/lib/schemas/campaign';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

export interface CampaignDetail {
  id: string;
  name: string;
  semester: string;
  status: 'draft' | 'open' | 'closed';
  opensAt: Date;
  closesAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
  /** empty: all departments / all cohorts */
  departments: { id: string; code: string; nameZh: string; nameEn: string }[];
  cohorts: number[];
  sections: CampaignSection[];
}

/** One campaign's settings (its scope, window and sections), for the staff campaign page. */
export async function getCampaign({ access, input }: { access: Access | null; input: { campaignId: string } }): Promise<CampaignDetail> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const { campaignId } = z.object({ campaignId: z.uuid() }).parse(input);
  return withRls(me.ctx, async (tx) => {
    const [c] = await tx.query<{
      id: string;
      name: string;
      semester: string;
      status: CampaignDetail['status'];
      opens_at: Date;
      closes_at: Date;
      opened_at: Date | null;
      closed_at: Date | null;
      department_ids: string[];
      cohorts: number[];
      sections: CampaignSection[];
    }>(`select id, name, semester, status, opens_at, closes_at, opened_at, closed_at, department_ids, cohorts, sections from public.campaigns where id = $1`, [
      campaignId,
    ]);
    if (!c) throw new AppError('not_found');
    const departments = c.department_ids.length
      ? await tx.query<{ id: string; code: string; name_zh: string; name_en: string }>(
          'select id, code, name_zh, name_en from public.departments where id = any ($1::uuid[]) order by code',
          [c.department_ids],
        )
      : [];
    return {
      id: c.id,
      name: c.name,
      semester: c.semester,
      status: c.status,
      opensAt: c.opens_at,
      closesAt: c.closes_at,
      openedAt: c.opened_at,
      closedAt: c.closed_at,
      departments: departments.map((d) => ({ id: d.id, code: d.code, nameZh: d.name_zh, nameEn: d.name_en })),
      cohorts: [...c.cohorts].sort(),
      sections: c.sections,
    };
  });
}
