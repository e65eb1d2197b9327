import 'server-only';
import type { TaskModule } from './types';

/**
 * Every task the queue runs, by name. To add one: write `lib/server/<domain>/<name>-task.ts` with
 * a default-exported TaskHandler and add ONE line here (docs/jobs.md). Names are lower-case,
 * dotted: `<domain>.<verb>`.
 */
export const tasks = {
  'notify.deliver': () => import('../notify/deliver-task'),
  'notify.sweep': () => import('../notify/sweep-task'),
  'campaigns.mark_overdue': () => import('../campaigns/mark-overdue-task'),
  'webhook.deliver': () => import('../webhooks/deliver-task'),
  'webhook.sweep': () => import('../webhooks/sweep-task'),
  'webhook.notify_disabled': () => import('../webhooks/notify-disabled-task'),
  'notify.scheduled_reminders': () => import('../notify/scheduled-reminders-task'),
  'metrics.refresh': () => import('../metrics/refresh-task'),
  'archive.retention': () => import('../archive/retention-task'),
  'documents.expire_uploads': () => import('../documents/expire-uploads-task'),
  'ratelimit.cleanup': () => import('../ratelimit/cleanup-task'),
  // Used by the queue's own tests (tests/db/jobs.test.ts); harmless in production.
  'jobs.probe': () => import('./probe-task'),
} satisfies Record<string, TaskModule>;

export type TaskName = keyof typeof tasks;
export const taskNames = Object.keys(tasks) as TaskName[];
