import 'server-only';
import { withAdmin } from '../db/admin';
import { getEnv } from '../env';
import { enqueue } from '../jobs/enqueue';
import type { TaskHandler } from '../jobs/types';

/**
 * Queues again every pending delivery that is overdue and not leased: its job was lost (a worker
 * killed mid-delivery keeps its job locked for hours). Runs every WEBHOOK_SWEEP_SECONDS by
 * re-queuing itself under one job key (one chain across all instances), and from cron as a
 * safety net. Queuing a delivery twice is harmless: the attempt is claimed by lease.
 */
const sweepTask: TaskHandler = async () => {
  const { sweepSeconds } = getEnv().webhooks;
  await withAdmin(async (tx) => {
    const due = await tx.query<{ id: string }>(
      `select d.id from public.webhook_deliveries d join public.webhook_endpoints e on e.id = d.endpoint_id
       where d.status = 'pending' and e.disabled_at is null
         and d.next_attempt_at < now() - make_interval(secs => $1)
         and (d.lease_until is null or d.lease_until < now())
       order by d.next_attempt_at limit 500`,
      [sweepSeconds],
    );
    for (const d of due) await enqueue(tx, 'webhook.deliver', { deliveryId: d.id }, { jobKey: `webhook:${d.id}` });
    await enqueue(tx, 'webhook.sweep', {}, { jobKey: 'webhook:sweep', runAt: new Date(Date.now() + sweepSeconds * 1000) });
  });
};
export default sweepTask;
