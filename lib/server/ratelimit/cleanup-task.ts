import 'server-only';
import type { TaskHandler } from '../jobs/types';
import { deleteExpiredWindows } from './index';

/** Schedule `ratelimit-cleanup`: rate-limit windows that ended over an hour ago, once for all instances. */
const cleanupTask: TaskHandler = async () => {
  await deleteExpiredWindows();
};
export default cleanupTask;
