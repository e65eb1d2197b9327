import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';

export interface AssignableStaff {
  id: string;
  displayName: string | null;
}

/** The colleagues a case may be assigned to: every active registrar (app.case_assignable_staff). */
export async function listAssignableStaff({ access }: { access: Access | null }): Promise<AssignableStaff[]> {
  const me = requireRole(access, 'registrar');
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{ id: string; display_name: string | null }>('select id, display_name from app.case_assignable_staff()');
    return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
  });
}
