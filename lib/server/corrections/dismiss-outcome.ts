import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';

/** The student has read a decision notice: it stops showing. Their own notices only (RLS). */
export async function dismissOutcome({ access, input }: { access: Access | null; input: { notificationId: string } }): Promise<void> {
  const me = requireRole(access, 'student');
  const { notificationId } = z.object({ notificationId: z.uuid() }).parse(input);
  await withRls(me.ctx, (tx) => tx.query('update public.notifications set read_at = now() where id = $1 and read_at is null', [notificationId]));
}
