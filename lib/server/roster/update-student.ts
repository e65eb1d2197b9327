import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

const optional = (schema: z.ZodString) => z.union([z.literal('').transform(() => null), schema]);
export const ZRosterEdit = z.object({
  studentId: z.uuid(),
  className: optional(z.string().trim().min(1).max(50)),
  major: optional(z.string().trim().min(1).max(100)),
  email: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .max(254)
      .regex(/^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/),
  ),
  phone: optional(
    z
      .string()
      .trim()
      .regex(/^\+?[0-9 -]{5,20}$/),
  ),
});

/** The registrar corrects a student's class, major or roster contacts (the 学籍 import sets them too). */
export async function updateRosterStudent({ access, input }: { access: Access | null; input: z.input<typeof ZRosterEdit> }) {
  const me = requireRole(access, 'registrar');
  const parsed = ZRosterEdit.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid_input', {
      fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), 'errors.invalid_input'])),
    });
  }
  const v = parsed.data;
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{ id: string }>(`update public.students set class_name = $2, major = $3, email = $4, phone = $5 where id = $1 returning id`, [
      v.studentId,
      v.className,
      v.major,
      v.email,
      v.phone,
    ]);
    if (!rows.length) throw new AppError('not_found');
    // Field names only: the values are personal data.
    await audit(tx, me.ctx, {
      action: 'roster.update',
      entityType: 'student',
      entityId: v.studentId,
      actorRole: 'registrar',
      details: { fields: ['class_name', 'major', 'email', 'phone'] },
    });
    return { ok: true as const };
  });
}
