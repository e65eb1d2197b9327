import 'server-only';
import { SECTION_FIELDS, type CampaignSection } from '@/lib/schemas/campaign';
import type { TIdentityValid } from '@/lib/schemas/identity';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { loadVersionFields } from '../identity/versions';
import { maskIdentifier } from '@/lib/identity/mask';

export interface MyTask {
  taskId: string;
  campaignId: string;
  campaignName: string;
  semester: string;
  closesAt: Date;
  status: 'pending' | 'confirmed' | 'correction_pending' | 'overdue';
  open: boolean;
  sections: CampaignSection[];
  openedSections: CampaignSection[];
  confirmedAt: Date | null;
  /** the verified data by section; the ID number masked */
  verified: { versionId: string; fields: Record<string, string | null> } | null;
  pendingCorrection: { id: string; changes: Record<string, { from: string | null; to: string | null }>; createdAt: Date } | null;
  /**
   * Set while the student cannot confirm: what to do first. Submit the identity form (no record or
   * a draft), change the returned items, or wait for the office's review.
   */
  firstStep: 'submit_identity' | 'fix_returned' | 'await_review' | null;
}

/** The student's task of the newest campaign that includes them, with the verified data to confirm. */
export async function getMyTask({ access }: { access: Access | null }): Promise<MyTask | null> {
  const me = requireRole(access, 'student');
  return withRls(me.ctx, async (tx) => {
    const [t] = await tx.query<{
      id: string;
      campaign_id: string;
      name: string;
      semester: string;
      closes_at: Date;
      status: MyTask['status'];
      open: boolean;
      sections: CampaignSection[];
      opened_sections: CampaignSection[];
      confirmed_at: Date | null;
    }>(
      `select t.id, t.campaign_id, c.name, c.semester, c.closes_at, t.status,
              (c.status = 'open' and now() between c.opens_at and c.closes_at) as open, c.sections, t.opened_sections, t.confirmed_at
       from public.confirmation_tasks t join public.campaigns c on c.id = t.campaign_id
       where t.student_id = $1 and c.status <> 'draft' order by c.opens_at desc, c.opened_at desc nulls last, c.id limit 1`,
      [me.student!.id],
    );
    if (!t) return null;
    const [rec] = await tx.query<{ verified_version_id: string | null; state: string }>(
      'select verified_version_id, state from public.identity_records where student_id = $1',
      [me.student!.id],
    );
    let verified: MyTask['verified'] = null;
    if (rec?.verified_version_id) {
      const v = await loadVersionFields(tx, rec.verified_version_id);
      const fields: Record<string, string | null> = {};
      for (const s of t.sections) for (const f of SECTION_FIELDS[s]) fields[f] = (v.fields[f as keyof TIdentityValid] as string | null) ?? null;
      if ('idNumber' in fields) fields.idNumber = maskIdentifier(v.fields.idNumber);
      verified = { versionId: rec.verified_version_id, fields };
    }
    const [pc] = await tx.query<{ id: string; changes: Record<string, { from: string | null; to: string | null }>; created_at: Date }>(
      `select id, changes, created_at from public.correction_requests where student_id = $1 and status = 'pending'`,
      [me.student!.id],
    );
    return {
      taskId: t.id,
      campaignId: t.campaign_id,
      campaignName: t.name,
      semester: t.semester,
      closesAt: t.closes_at,
      status: t.status,
      open: t.open,
      sections: t.sections,
      openedSections: t.opened_sections,
      confirmedAt: t.confirmed_at,
      verified,
      pendingCorrection: pc ? { id: pc.id, changes: pc.changes, createdAt: pc.created_at } : null,
      firstStep: rec?.verified_version_id
        ? null
        : !rec || rec.state === 'draft'
          ? 'submit_identity'
          : rec.state === 'returned'
            ? 'fix_returned'
            : 'await_review',
    };
  });
}
