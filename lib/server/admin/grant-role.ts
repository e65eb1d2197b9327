import 'server-only';
import { ZGrantRole, type TGrantRole } from '@/lib/schemas/admin';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError, isUniqueViolation } from '../errors';

export async function grantRole({ access, input }: { access: Access | null; input: TGrantRole }): Promise<{ grantId: string }> {
  const me = requireRole(access, 'admin');
  const parsed = ZGrantRole.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid_input', {
      fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])),
    });
  }
  const g = parsed.data;
  try {
    return await withRls(me.ctx, async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `insert into public.staff_roles (user_id, role, department_id, office_code, granted_by, class_name)
         values ($1, $2, $3, $4, $5, $6) returning id`,
        [g.userId, g.role, g.departmentId, g.officeCode, me.user.id, g.className],
      );
      await audit(tx, me.ctx, {
        action: 'role.grant',
        entityType: 'app_user',
        entityId: g.userId,
        actorRole: 'admin',
        details: { grant_id: row!.id, role: g.role, department_id: g.departmentId, office_code: g.officeCode, class_name: g.className },
      });
      return { grantId: row!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', { userMessage: 'errors.duplicateGrant', cause: e });
    throw e;
  }
}
