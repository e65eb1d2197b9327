import { z } from 'zod';

export const STAFF_ROLES = ['reviewer', 'registrar', 'office', 'auditor', 'admin', 'counsellor'] as const;

export const ZGrantRole = z
  .object({
    userId: z.uuid(),
    role: z.enum(STAFF_ROLES),
    departmentId: z
      .uuid()
      .optional()
      .or(z.literal('').transform(() => undefined)),
    officeCode: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,31}$/)
      .optional()
      .or(z.literal('').transform(() => undefined)),
    className: z
      .string()
      .trim()
      .min(1)
      .max(50)
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'reviewer' && !v.departmentId) ctx.addIssue({ code: 'custom', path: ['departmentId'], message: 'admin.chooseDepartment' });
    if (v.role === 'counsellor' && !v.className) ctx.addIssue({ code: 'custom', path: ['className'], message: 'admin.chooseClass' });
    if (v.role === 'office' && !v.officeCode) ctx.addIssue({ code: 'custom', path: ['officeCode'], message: 'admin.chooseOffice' });
  })
  .transform((v) => ({
    userId: v.userId,
    role: v.role,
    departmentId: v.role === 'reviewer' ? v.departmentId! : null,
    officeCode: v.role === 'office' ? v.officeCode! : null,
    className: v.role === 'counsellor' ? v.className! : null,
  }));
export type TGrantRole = z.input<typeof ZGrantRole>;

export const ZRevokeRole = z.object({ grantId: z.uuid() });
