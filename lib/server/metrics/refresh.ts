import 'server-only';
import { withAdmin } from '../db/admin';

/** The rollup job (register with the job queue every few minutes): incremental, idempotent. */
export async function refreshMetricsRollups(): Promise<{ added: number }> {
  return withAdmin(async (tx) => {
    const [r] = await tx.query<{ n: number }>('select app.refresh_metrics() as n');
    return { added: r!.n };
  });
}
