import 'server-only';

/** What a task handler learns about the job it runs. */
export interface JobInfo {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Which runner runs it (graphile worker id or local runner id); logged with delivery attempts. */
  workerId: string;
}

/**
 * A task: parses its own payload (it comes from the database, untrusted like any input), is
 * idempotent (the queue runs a job at least once), throws to be retried with backoff.
 */
export type TaskHandler = (payload: unknown, job: JobInfo) => Promise<void>;

/** A lazily imported module whose default export is the handler: registering a task is one line. */
export type TaskModule = () => Promise<{ default: TaskHandler }>;

export interface Schedule {
  /** Unique and stable: a renamed identifier is a new schedule. */
  identifier: string;
  task: string;
  /** Five-field crontab pattern, UTC (graphile-worker's syntax). */
  match: string;
}
