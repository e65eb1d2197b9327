import { QUEUE_SORTS, QUEUE_STATES, type QueueSort, type QueueState, type TQueueQuery } from '@/lib/server/reviews/list-queue';

/** The queue's filters as they travel in the URL (a GET form), so a filtered view can be bookmarked and shared. */
export interface QueueParams {
  state?: string;
  dept?: string;
  cohort?: string;
  mm?: string;
  dup?: string;
  wait?: string;
  sort?: string;
  cursor?: string;
}

export const WAIT_OPTIONS = ['overdue', '1', '2', '3', '5', '10'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Unknown values are dropped rather than refused: a stale bookmark still shows a queue. */
export function parseQueueParams(sp: QueueParams): TQueueQuery {
  const q: TQueueQuery = {};
  if (QUEUE_STATES.includes(sp.state as QueueState)) q.state = sp.state as QueueState;
  if (sp.dept && UUID.test(sp.dept)) q.departmentId = sp.dept;
  if (sp.cohort && /^\d{4}$/.test(sp.cohort)) q.cohort = Number(sp.cohort);
  if (sp.mm === '1') q.mismatches = true;
  if (sp.dup === '1') q.duplicates = true;
  if (sp.wait === 'overdue') q.overdue = true;
  else if (sp.wait && (WAIT_OPTIONS as readonly string[]).includes(sp.wait)) q.minWaitDays = Number(sp.wait);
  if (QUEUE_SORTS.includes(sp.sort as QueueSort)) q.sort = sp.sort as QueueSort;
  if (sp.cursor && /^[A-Za-z0-9_-]{1,300}$/.test(sp.cursor)) q.cursor = sp.cursor;
  return q;
}

/** The filter part of the URL (no cursor): links back to the same view of the queue. */
export function filterSearch(sp: QueueParams): string {
  const out = new URLSearchParams();
  for (const k of ['state', 'dept', 'cohort', 'mm', 'dup', 'wait', 'sort'] as const) {
    const v = sp[k];
    if (v && /^[\w-]{1,40}$/.test(v)) out.set(k, v);
  }
  return out.toString();
}
