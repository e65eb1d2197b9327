import 'server-only';
import type { TaskHandler } from '../jobs/types';
import { runRetention } from './run-retention';

/** Schedule `retention-daily`: redacts personal data past the retention period (audited with counts). */
const retentionTask: TaskHandler = async () => {
  await runRetention({ now: new Date(), dryRun: false, actor: { job: 'archive.retention' } });
};
export default retentionTask;
