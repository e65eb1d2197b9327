import 'server-only';
import { withRlsFirst, type Ctx } from '../db/rls';
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

interface AccessRow {
  live: boolean;
  user?: { id: string; display_name: string | null; email: string | null };
  grants?: { id: string; role: StaffRole; department_id: string | null; office_code: string | null; class_name: string | null }[];
  student?: {
    id: string;
    student_number: string;
    name: string;
    cohort: number;
    department_id: string;
    code: string;
    name_zh: string;
    name_en: string;
  } | null;
}

/** The first statement of a request: role, claims, session check and access in one (decision 130). */
export const ACCESS_STATEMENT = 'select app.request_access($1, $2, $3) as a';

/** Maps app.request_access's answer; null when the session is ended or the account gone or disabled. */
export function accessFromRow(ctx: Ctx, row: { a: AccessRow | string } | undefined): Access | null {
  const a = (typeof row?.a === 'string' ? JSON.parse(row.a) : row?.a) as AccessRow | undefined;
  if (!a?.live || !a.user) return null;
  const s = a.student ?? null;
  return {
    ctx,
    user: { id: a.user.id, displayName: a.user.display_name, email: a.user.email },
    grants: (a.grants ?? []).map((g) => ({ id: g.id, role: g.role, departmentId: g.department_id, officeCode: g.office_code, className: g.class_name })),
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
}

/**
 * Who the person is and what they may do, read fresh from the database on every request through
 * RLS — so a revoked role or a disabled account stops working on the next request, whatever the
 * session cookie says. Null when the account no longer exists or is disabled, or when ctx names a
 * server-side session that has ended. One statement (app.request_access) that also sets the role
 * and claims; inside inOneTransaction it opens the transaction the verb then runs in.
 */
export async function loadAccess(ctx: Ctx): Promise<Access | null> {
  if (!ctx.userId) return null;
  const first = { text: ACCESS_STATEMENT, params: [ctx.sessionId ?? null] };
  return withRlsFirst<Access | null, { a: AccessRow | string }>(ctx, first, async (_tx, rows) => accessFromRow(ctx, rows[0]));
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
