import 'server-only';
import type { TaskHandler } from '../jobs/types';
import { runScheduledReminders } from './reminders';

/** Schedule `reminders-scheduled`: each campaign's 7/3/1-day reminders (idempotent, quiet hours respected). */
const scheduledRemindersTask: TaskHandler = async () => {
  await runScheduledReminders({ now: new Date() });
};
export default scheduledRemindersTask;
