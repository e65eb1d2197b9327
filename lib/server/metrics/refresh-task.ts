import 'server-only';
import type { TaskHandler } from '../jobs/types';
import { refreshMetricsRollups } from './refresh';

/** Schedule `metrics-refresh`: folds new review events into the metrics rollups (incremental). */
const refreshTask: TaskHandler = async () => {
  await refreshMetricsRollups();
};
export default refreshTask;
