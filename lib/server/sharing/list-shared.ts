import 'server-only';
import { ZPortalQuery, type TPortalQuery } from '@/lib/schemas/sharing';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { actingOffice, actingOffices, type ActingOffice } from './internal/office';
import { parseInput } from './internal/parse';
import { finalizeShared, type SharedStudent } from './internal/payload';
import { countShared, pageShared } from './internal/query';

export const PORTAL_PAGE_SIZE = 50;

export interface SharedPage {
  office: ActingOffice;
  offices: ActingOffice[];
  rows: SharedStudent[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Office portal: one page of verified students with exactly the office's granted fields. Every
 * view is audited (a search when a filter is set) with the office, the fields and the records shown.
 */
export async function listSharedStudents({ access, input }: { access: Access | null; input: TPortalQuery }): Promise<SharedPage> {
  const me = requireRole(access, 'office');
  const q = parseInput(ZPortalQuery, input);
  return withRls(me.ctx, async (tx) => {
    const offices = await actingOffices(tx);
    const office = await actingOffice(tx, q.office);
    const filter = { q: q.q, department: q.department, cohort: q.cohort, changedSince: q.changedSince };
    const total = await countShared(tx, office.id, filter);
    const rows = (await pageShared(tx, office.id, filter, PORTAL_PAGE_SIZE, (q.page - 1) * PORTAL_PAGE_SIZE)).map((r) => finalizeShared(r, office.fields));
    const searched = !!(q.q || q.department || q.cohort || q.changedSince);
    await audit(tx, me.ctx, {
      action: searched ? 'sharing.search' : 'sharing.view',
      entityType: 'office',
      entityId: office.id,
      actorRole: 'office',
      details: {
        office_id: office.id,
        office_code: office.code,
        fields: office.fields,
        count: rows.length,
        total,
        page: q.page,
        // Which filters were used, not their values: a search term may itself be personal data.
        filters: Object.entries(filter)
          .filter(([, v]) => v != null)
          .map(([k]) => k),
        student_ids: rows.map((r) => r.id),
      },
    });
    return { office, offices, rows, total, page: q.page, pageSize: PORTAL_PAGE_SIZE };
  });
}
