import 'server-only';
import type { TaskHandler } from '../jobs/types';
import { getEmailChannel } from './channel';
import { deliverQueued } from './deliver';

/** Schedule `notify-sweep`: whatever is still queued (older rows, jobs lost in a crash). */
const sweepTask: TaskHandler = async () => {
  for (let i = 0; i < 20; i++) {
    const out = await deliverQueued(getEmailChannel(), 50);
    if (out.sent + out.failed + out.skipped < 50) break;
  }
};
export default sweepTask;
