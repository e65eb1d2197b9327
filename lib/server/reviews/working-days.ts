import 'server-only';

/**
 * Waiting time in working days (Monday–Friday, calendar days in China time, UTC+8) — what the
 * review target getEnv().review.targetWorkingDays is counted in. Public holidays and the weekend
 * days worked in exchange for them (调休) are not modelled: the State Council publishes them each
 * December, and until a calendar table exists a holiday counts as a working day, which errs on
 * the side of showing a review as late.
 */
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
// 1970-01-05, the first Monday after the epoch, as a day number.
const FIRST_MONDAY = 4;

/** Day number (days since 1970-01-01) of the calendar date in China at instant t. */
export function chinaDay(t: Date): number {
  return Math.floor((t.getTime() + CHINA_OFFSET_MS) / DAY_MS);
}

/** Weekdays among the day numbers before `day`, counted from FIRST_MONDAY (negative before it). */
function weekdaysBefore(day: number): number {
  const n = day - FIRST_MONDAY;
  const weeks = Math.floor(n / 7);
  return weeks * 5 + Math.min(n - weeks * 7, 5);
}

/**
 * Working days waited: the weekdays after the day of `since` up to and including today. Submitted
 * on a Friday and looked at on Monday: 1. On the same day: 0.
 */
export function workingDaysWaited(since: Date, now: Date): number {
  return Math.max(0, weekdaysBefore(chinaDay(now) + 1) - weekdaysBefore(chinaDay(since) + 1));
}

export type Lateness = 'ok' | 'due' | 'overdue';

/** 'due' on the last working day of the target, 'overdue' after it. */
export function lateness(waited: number, targetDays: number): Lateness {
  return waited > targetDays ? 'overdue' : waited === targetDays ? 'due' : 'ok';
}

/**
 * The instant before which a submission has waited at least `minDays` working days by `now`:
 * lets the queue filter on an indexed timestamp instead of computing working days per row.
 * Null when every submission qualifies (minDays <= 0).
 */
export function waitedAtLeastCutoff(now: Date, minDays: number): Date | null {
  if (minDays <= 0) return null;
  const today = chinaDay(now);
  const upToToday = weekdaysBefore(today + 1);
  let day = today;
  while (upToToday - weekdaysBefore(day + 1) < minDays) day -= 1;
  // Submitted on `day` or earlier: midnight (China) starting the next day is the bound.
  return new Date((day + 1) * DAY_MS - CHINA_OFFSET_MS);
}
