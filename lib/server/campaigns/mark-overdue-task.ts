import 'server-only';
import { withAdmin } from '../db/admin';
import type { TaskHandler } from '../jobs/types';
import { markOverdue } from './lifecycle';

/**
 * Schedule `campaigns-overdue`: tasks of open campaigns past their deadline become overdue. The
 * dashboard still does the same on view; this makes it happen when nobody looks.
 */
const markOverdueTask: TaskHandler = async () => {
  await withAdmin(async (tx) => {
    const open = await tx.query<{ id: string }>(`select id from public.campaigns where status = 'open' and closes_at < now()`);
    for (const c of open) await markOverdue(tx, c.id);
  });
};
export default markOverdueTask;
