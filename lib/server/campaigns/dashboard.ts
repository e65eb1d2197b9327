import 'server-only';
import { z } from 'zod';
import { hasRole, requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { markOverdue } from './lifecycle';

export interface DashboardRow {
  departmentId: string;
  departmentZh: string;
  departmentEn: string;
  cohort: number;
  total: number;
  confirmed: number;
  correctionPending: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  /** tasks of students whose identity is not verified yet: they cannot confirm until it is */
  awaitingVerification: number;
}

/**
 * Completion per department and cohort, within the caller's scope (RLS: reviewers their
 * departments, the registrar all). "Not started" is a pending task with no section opened yet.
 */
export async function campaignDashboard({ access, input }: { access: Access | null; input: { campaignId: string } }) {
  const me = requireRole(access, 'reviewer', 'registrar');
  const { campaignId } = z.object({ campaignId: z.uuid() }).parse(input);
  return withRls(me.ctx, async (tx) => {
    const [c] = await tx.query<{ id: string; name: string; semester: string; status: string; opens_at: Date; closes_at: Date }>(
      'select id, name, semester, status, opens_at, closes_at from public.campaigns where id = $1',
      [campaignId],
    );
    if (!c) throw new AppError('not_found');
    // Past the deadline, unfinished tasks are overdue; the registrar's view settles that lazily.
    if (hasRole(me, 'registrar') && c.status === 'open' && c.closes_at < new Date()) await markOverdue(tx, campaignId);
    const rows = await tx.query<{
      department_id: string;
      name_zh: string;
      name_en: string;
      cohort: number;
      total: number;
      confirmed: number;
      correction_pending: number;
      in_progress: number;
      not_started: number;
      overdue: number;
      awaiting_verification: number;
    }>(
      `select t.department_id, d.name_zh, d.name_en, t.cohort, count(*)::int as total,
              count(*) filter (where t.status = 'confirmed')::int as confirmed,
              count(*) filter (where t.status = 'correction_pending')::int as correction_pending,
              count(*) filter (where t.status = 'pending' and r.verified_version_id is not null and cardinality(t.opened_sections) > 0)::int as in_progress,
              count(*) filter (where t.status = 'pending' and r.verified_version_id is not null and cardinality(t.opened_sections) = 0)::int as not_started,
              count(*) filter (where t.status = 'overdue')::int as overdue,
              -- Counted apart: they must finish verification first, reminders to confirm do not help them.
              count(*) filter (where t.status = 'pending' and r.verified_version_id is null)::int as awaiting_verification
       from public.confirmation_tasks t join public.departments d on d.id = t.department_id
       left join public.identity_records r on r.student_id = t.student_id
       where t.campaign_id = $1 group by t.department_id, d.name_zh, d.name_en, d.code, t.cohort order by d.code, t.cohort`,
      [campaignId],
    );
    const daily = await tx.query<{ day: string; confirmed: number }>(
      `select to_char(date_trunc('day', confirmed_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as day, count(*)::int as confirmed
       from public.confirmation_tasks where campaign_id = $1 and confirmed_at is not null group by 1 order by 1`,
      [campaignId],
    );
    let running = 0;
    return {
      campaign: c,
      rows: rows.map((r): DashboardRow => ({
        departmentId: r.department_id,
        departmentZh: r.name_zh,
        departmentEn: r.name_en,
        cohort: r.cohort,
        total: r.total,
        confirmed: r.confirmed,
        correctionPending: r.correction_pending,
        inProgress: r.in_progress,
        notStarted: r.not_started,
        overdue: r.overdue,
        awaitingVerification: r.awaiting_verification,
      })),
      /** cumulative confirmations per day (Beijing time), for the chart */
      series: daily.map((d) => ({ day: d.day, confirmed: (running += d.confirmed) })),
    };
  });
}

/** The follow-up list: unfinished students in scope, as CSV. An export of personal data: audited. */
export async function exportUnfinished({ access, input }: { access: Access | null; input: { campaignId: string } }): Promise<string> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const { campaignId } = z.object({ campaignId: z.uuid() }).parse(input);
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{ student_number: string; name: string; code: string; cohort: number; status: string; last_reminded_at: Date | null }>(
      `select s.student_number, s.name, d.code, t.cohort, t.status, t.last_reminded_at
       from public.confirmation_tasks t join public.students s on s.id = t.student_id join public.departments d on d.id = t.department_id
       where t.campaign_id = $1 and t.status <> 'confirmed' order by d.code, t.cohort, s.student_number`,
      [campaignId],
    );
    await audit(tx, me.ctx, {
      action: 'campaign.export_unfinished',
      entityType: 'campaign',
      entityId: campaignId,
      actorRole: hasRole(me, 'registrar') ? 'registrar' : 'reviewer',
      details: { rows: rows.length },
    });
    const cell = (v: unknown) => {
      const s = v instanceof Date ? v.toISOString() : String(v ?? '');
      // Spreadsheet formula injection: a leading = + - @ would run as a formula in Excel.
      const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
      return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    };
    const lines = [['学号 student_number', '姓名 name', '学院 department', '年级 cohort', '状态 status', '最近提醒 last_reminded'].join(',')];
    for (const r of rows) lines.push([r.student_number, r.name, r.code, r.cohort, r.status, r.last_reminded_at].map(cell).join(','));
    return '\uFEFF' + lines.join('\r\n') + '\r\n';
  });
}
