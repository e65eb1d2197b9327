import 'server-only';
import { withRls, type Ctx } from '../db/rls';
import { AppError } from '../errors';

export type StaffRole = 'reviewer' | 'registrar' | 'office' | 'auditor' | 'admin' | 'counsellor';
export type Role = StaffRole | 'student';

export interface Grant {
  id: string;
  role: StaffRole;
  departmentId: string | null;
  officeCode: string | null;
  /** a counsellor's class (班级) */
  className?: string | null;
}

export interface Access {
  ctx: Ctx;
  user: { id: string; displayName: string | null; email: string | null };
  grants: Grant[];
  student: {
    id: string;
    studentNumber: string;
    name: string;
    cohort: number;
    department: { id: string; code: string; nameZh: string; nameEn: string };
  } | null;
}

/**
 * Who the person is and what they may do, read fresh from the database on every request through
 * RLS — so a revoked role or a disabled account stops working on the next request, whatever the
 * session cookie says. Null when the account no longer exists or is disabled.
 */
export async function loadAccess(ctx: Ctx): Promise<Access | null> {
  if (!ctx.userId) return null;
  return withRls(ctx, async (tx) => {
    const [user] = await tx.query<{ id: string; display_name: string | null; email: string | null; disabled_at: Date | null }>(
      'select id, display_name, email, disabled_at from public.app_users where id = $1',
      [ctx.userId],
    );
    if (!user || user.disabled_at) return null;
    const grants = await tx.query<{ id: string; role: StaffRole; department_id: string | null; office_code: string | null; class_name: string | null }>(
      `select id, role, department_id, office_code, class_name from public.staff_roles
       where user_id = $1 and revoked_at is null order by granted_at`,
      [ctx.userId],
    );
    const [s] = await tx.query<{
      id: string;
      student_number: string;
      name: string;
      cohort: number;
      department_id: string;
      code: string;
      name_zh: string;
      name_en: string;
    }>(
      `select s.id, s.student_number, s.name, s.cohort, d.id as department_id, d.code, d.name_zh, d.name_en
       from public.students s join public.departments d on d.id = s.department_id where s.user_id = $1`,
      [ctx.userId],
    );
    return {
      ctx,
      user: { id: user.id, displayName: user.display_name, email: user.email },
      grants: grants.map((g) => ({ id: g.id, role: g.role, departmentId: g.department_id, officeCode: g.office_code, className: g.class_name })),
      student: s
        ? {
            id: s.id,
            studentNumber: s.student_number,
            name: s.name,
            cohort: s.cohort,
            department: { id: s.department_id, code: s.code, nameZh: s.name_zh, nameEn: s.name_en },
          }
        : null,
    };
  });
}

export function hasRole(access: Access | null, role: Role): boolean {
  if (!access) return false;
  if (role === 'student') return access.student !== null;
  return access.grants.some((g) => g.role === role);
}

export function isStaff(access: Access | null): boolean {
  return !!access && access.grants.length > 0;
}

/** The verb's own permission check; RLS checks again inside the transaction. */
export function requireRole(access: Access | null, ...roles: Role[]): Access {
  if (!access) throw new AppError('unauthenticated');
  if (!roles.some((r) => hasRole(access, r))) {
    throw new AppError('forbidden', { message: `needs one of ${roles.join(', ')}` });
  }
  return access;
}

export function reviewerDepartments(access: Access): string[] {
  return access.grants.filter((g) => g.role === 'reviewer' && g.departmentId).map((g) => g.departmentId!);
}
