import 'server-only';
import type { TaskName } from './tasks';
import type { Schedule } from './types';

/**
 * The crontab (UTC). Each fires once per matching minute across all app instances and workers
 * (graphile-worker's known_crontabs on PostgreSQL, app_job_cron_runs on PGlite). Add a line to
 * add a schedule (docs/jobs.md).
 */
export const schedules: (Schedule & { task: TaskName })[] = [
  // Safety net for anything a crash left behind: queued e-mail older than its own job.
  { identifier: 'notify-sweep', task: 'notify.sweep', match: '*/5 * * * *' },
  // Tasks past a campaign's deadline become overdue even when nobody opens the dashboard.
  { identifier: 'campaigns-overdue', task: 'campaigns.mark_overdue', match: '*/10 * * * *' },
  // Webhook deliveries whose job was lost (a worker killed mid-delivery); the sweep also
  // re-schedules itself every WEBHOOK_SWEEP_SECONDS.
  { identifier: 'webhook-sweep', task: 'webhook.sweep', match: '* * * * *' },
  // Campaign reminders 7/3/1 days before the deadline; hourly, so quiet hours only defer them.
  { identifier: 'reminders-scheduled', task: 'notify.scheduled_reminders', match: '5 * * * *' },
  // Metrics rollups stay within a few minutes of the review events.
  { identifier: 'metrics-refresh', task: 'metrics.refresh', match: '*/5 * * * *' },
  // Retention: nightly at 03:30 Beijing time (19:30 UTC).
  { identifier: 'retention-daily', task: 'archive.retention', match: '30 19 * * *' },
  // Abandoned photo uploads (docs/limits.md): the original leaves storage soon after its link expires.
  { identifier: 'documents-expire-uploads', task: 'documents.expire_uploads', match: '*/5 * * * *' },
  // Rate-limit windows that ended over an hour ago.
  { identifier: 'ratelimit-cleanup', task: 'ratelimit.cleanup', match: '17 * * * *' },
];
