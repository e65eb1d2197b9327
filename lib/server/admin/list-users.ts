import 'server-only';
import { requireRole, type Access, type StaffRole } from '../auth/access';
import { withRls } from '../db/rls';

export interface UserRow {
  id: string;
  displayName: string | null;
  email: string | null;
  affiliation: string | null;
  lastSignInAt: Date | null;
  disabled: boolean;
  grants: { id: string; role: StaffRole; departmentId: string | null; officeCode: string | null; className?: string | null }[];
}

export async function listUsers({ access, query = '', limit = 200 }: { access: Access | null; query?: string; limit?: number }): Promise<UserRow[]> {
  const me = requireRole(access, 'admin');
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{
      id: string;
      display_name: string | null;
      email: string | null;
      affiliation: string | null;
      last_sign_in_at: Date | null;
      disabled: boolean;
      grants: UserRow['grants'] | null;
    }>(
      `select u.id, u.display_name, u.email, u.affiliation, u.last_sign_in_at, u.disabled_at is not null as disabled,
              (select coalesce(json_agg(json_build_object('id', r.id, 'role', r.role, 'departmentId', r.department_id, 'officeCode', r.office_code, 'className', r.class_name) order by r.granted_at), '[]'::json)
                 from public.staff_roles r where r.user_id = u.id and r.revoked_at is null) as grants
       from public.app_users u
       where $1 = '' or u.display_name ilike '%' || $1 || '%' or u.email ilike '%' || $1 || '%'
       order by u.last_sign_in_at desc nulls last, u.display_name
       limit $2`,
      [query.trim(), limit],
    );
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      email: r.email,
      affiliation: r.affiliation,
      lastSignInAt: r.last_sign_in_at,
      disabled: r.disabled,
      grants: typeof r.grants === 'string' ? JSON.parse(r.grants) : (r.grants ?? []),
    }));
  });
}
