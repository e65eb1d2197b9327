import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { AppError } from '../errors';
import { runRetention, type RetentionResult } from './run-retention';

const ZStart = z.object({ dryRun: z.boolean() });

/** The admin page's "run now": an administrator starts the retention job (it audits itself with the admin as actor). */
export async function startRetention({ access, input }: { access: Access | null; input: z.input<typeof ZStart> }): Promise<RetentionResult> {
  const me = requireRole(access, 'admin');
  const parsed = ZStart.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input');
  return runRetention({ dryRun: parsed.data.dryRun, actor: { userId: me.user.id } });
}
