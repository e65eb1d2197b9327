import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';

export type ClassStudentStatus = 'not_submitted' | 'submitted' | 'returned' | 'verified' | 'confirmation_pending' | 'confirmation_overdue' | 'confirmed';

export interface ClassStudent {
  id: string;
  studentNumber: string;
  name: string;
  major: string | null;
  email: string | null;
  phone: string | null;
  signedIn: boolean;
  recordState: string | null;
  taskStatus: string | null;
  status: ClassStudentStatus;
  unfinished: boolean;
  lastReminder: { at: Date; channels: string[]; status: string } | null;
}

/**
 * What a counsellor chases: a student's record state and, when a campaign is running, their
 * confirmation task. Verified-and-confirmed (or verified with no campaign) is finished.
 */
export function statusOf(recordState: string | null, taskStatus: string | null): ClassStudentStatus {
  if (!recordState || recordState === 'draft') return 'not_submitted';
  if (recordState === 'returned') return 'returned';
  if (recordState !== 'verified') return 'submitted';
  if (taskStatus === 'pending' || taskStatus === 'correction_pending') return 'confirmation_pending';
  if (taskStatus === 'overdue') return 'confirmation_overdue';
  if (taskStatus === 'confirmed') return 'confirmed';
  return 'verified';
}

/**
 * The counsellor's classes and their students. RLS decides which students (students_counsellor_read);
 * the record state comes through app.class_record_states(), which returns the state only — never
 * the ID number or any other field of the record. A read of contact details: audited.
 */
export async function listMyClasses({ access }: { access: Access | null }) {
  const me = requireRole(access, 'counsellor');
  return withRls(me.ctx, async (tx) => {
    const [campaign] = await tx.query<{ id: string; name: string; closes_at: Date }>(
      `select id, name, closes_at from public.campaigns where status = 'open' order by closes_at limit 1`,
    );
    const rows = await tx.query<{
      id: string;
      student_number: string;
      name: string;
      class_name: string;
      major: string | null;
      email: string | null;
      phone: string | null;
      signed_in: boolean;
      state: string | null;
      task_status: string | null;
      rem_at: Date | null;
      rem_channels: string[] | null;
      rem_status: string | null;
    }>(
      `select s.id, s.student_number, s.name, s.class_name, s.major, s.email, s.phone, s.user_id is not null as signed_in,
              r.state, t.status as task_status, l.created_at as rem_at, l.channels as rem_channels, l.status as rem_status
       from public.students s
       left join app.class_record_states() r on r.student_id = s.id
       left join public.confirmation_tasks t on t.student_id = s.id and t.campaign_id = $1
       left join lateral (select created_at, channels, status from public.reminder_log x where x.student_id = s.id and x.campaign_id = $1 order by created_at desc limit 1) l on true
       where s.class_name in (select app.my_classes())
       order by s.class_name, s.student_number`,
      [campaign?.id ?? null],
    );
    await audit(tx, me.ctx, { action: 'counsellor.view_classes', entityType: 'class', actorRole: 'counsellor', details: { students: rows.length } });
    const classes = new Map<string, ClassStudent[]>();
    for (const cls of me.grants.filter((g) => g.role === 'counsellor').map((g) => g.className!)) classes.set(cls, []);
    for (const r of rows) {
      const status = statusOf(r.state, r.task_status);
      const list = classes.get(r.class_name) ?? [];
      list.push({
        id: r.id,
        studentNumber: r.student_number,
        name: r.name,
        major: r.major,
        email: r.email,
        phone: r.phone,
        signedIn: r.signed_in,
        recordState: r.state,
        taskStatus: r.task_status,
        status,
        unfinished: !['verified', 'confirmed'].includes(status),
        lastReminder: r.rem_at ? { at: r.rem_at, channels: r.rem_channels ?? [], status: r.rem_status! } : null,
      });
      classes.set(r.class_name, list);
    }
    return { campaign: campaign ?? null, classes: [...classes.entries()].map(([name, students]) => ({ name, students })) };
  });
}
