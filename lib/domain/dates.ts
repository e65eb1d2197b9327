import type { Locale } from '@/lib/i18n';

/**
 * Campaign dates are the university's: Asia/Shanghai (UTC+8, no daylight saving), whatever the
 * server's or the browser's zone. Client-safe.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600e3;

export function formatShanghai(d: Date, locale: Locale, withTime = true): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(d);
}

/** The value of an <input type="datetime-local"> showing this instant in Beijing time. */
export function toShanghaiInput(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** '2026-03-01T08:00' typed as Beijing time → an ISO timestamp with its offset; null if malformed. */
export function fromShanghaiInput(v: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return null;
  const iso = `${v}:00+08:00`;
  return Number.isNaN(new Date(iso).getTime()) ? null : iso;
}

/**
 * "3 days left": whole days rounded up while a day or more remains (2 days 23 hours reads as
 * 3 days, as a deadline countdown does), hours on the last day.
 */
export function remaining(closesAt: Date, now: Date): { key: 'days' | 'hours' | 'ended'; n: number } {
  const ms = closesAt.getTime() - now.getTime();
  if (ms <= 0) return { key: 'ended', n: 0 };
  if (ms < 86400e3) return { key: 'hours', n: Math.max(1, Math.ceil(ms / 3600e3)) };
  return { key: 'days', n: Math.ceil(ms / 86400e3) };
}
