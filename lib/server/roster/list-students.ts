import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';

export interface RosterRow {
  id: string;
  studentNumber: string;
  name: string;
  cohort: number;
  departmentCode: string;
  departmentZh: string;
  departmentEn: string;
  linked: boolean;
  className?: string | null;
  major?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** The roster within the caller's scope; RLS alone decides which departments that is. */
export async function listStudents({ access, query = '', limit = 100 }: { access: Access | null; query?: string; limit?: number }): Promise<RosterRow[]> {
  const me = requireRole(access, 'reviewer', 'registrar');
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{
      id: string;
      student_number: string;
      name: string;
      cohort: number;
      code: string;
      name_zh: string;
      name_en: string;
      linked: boolean;
      class_name: string | null;
      major: string | null;
      email: string | null;
      phone: string | null;
    }>(
      `select s.id, s.student_number, s.name, s.cohort, d.code, d.name_zh, d.name_en, s.user_id is not null as linked,
              s.class_name, s.major, s.email, s.phone
       from public.students s join public.departments d on d.id = s.department_id
       where $1 = '' or s.student_number like $1 || '%' or s.name like '%' || $1 || '%'
       order by d.code, s.student_number
       limit $2`,
      [query.trim(), limit],
    );
    return rows.map((r) => ({
      id: r.id,
      studentNumber: r.student_number,
      name: r.name,
      cohort: r.cohort,
      departmentCode: r.code,
      departmentZh: r.name_zh,
      departmentEn: r.name_en,
      linked: r.linked,
      className: r.class_name,
      major: r.major,
      email: r.email,
      phone: r.phone,
    }));
  });
}
