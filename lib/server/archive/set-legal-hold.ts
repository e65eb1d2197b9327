import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';

const ZHold = z
  .object({
    studentId: z.uuid().optional(),
    studentNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{4,20}$/)
      .optional(),
    hold: z.boolean(),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((v) => Boolean(v.studentId) !== Boolean(v.studentNumber));

/** The registrar places or lifts a legal hold; a held record is never redacted by retention. Idempotent. */
export async function setLegalHold({ access, input }: { access: Access | null; input: z.input<typeof ZHold> }): Promise<{ hold: boolean }> {
  const me = requireRole(access, 'registrar');
  const parsed = ZHold.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input');
  const { studentId, studentNumber, hold, reason } = parsed.data;
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{ id: string }>(
      `update public.students set legal_hold = $2, legal_hold_reason = $3
       where (id = $1::uuid or student_number = $4) and redacted_at is null returning id`,
      [studentId ?? null, hold, hold ? reason || null : null, studentNumber ?? null],
    );
    if (!rows.length) throw new AppError('not_found');
    await audit(tx, me.ctx, {
      action: hold ? 'student.legal_hold_on' : 'student.legal_hold_off',
      entityType: 'student',
      entityId: rows[0]!.id,
      actorRole: 'registrar',
      details: { reason_given: Boolean(reason) },
    });
    return { hold };
  });
}
