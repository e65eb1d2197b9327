import type { Locale } from '@/lib/i18n';

/**
 * Campaign dates are the university's: Asia/Shanghai (UTC+8, no daylight saving), whatever the
 * server's or the browser's zone. Client-safe.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600e3;

export type DateKind = 'date' | 'dateTime' | 'dateTimeSeconds' | 'dayTime';

/**
 * The one place dates are formatted for people, per locale (decision 087): zh-CN reads
 * "2026年12月2日 22:06", English "Dec 2, 2026, 22:06"; 24-hour clock, Beijing time, in both.
 */
const FORMATS: Record<Locale, Record<DateKind, Intl.DateTimeFormat>> = {
  'zh-CN': formats('zh-CN', 'long'),
  en: formats('en', 'short'),
};

function formats(locale: Locale, month: 'long' | 'short'): Record<DateKind, Intl.DateTimeFormat> {
  const base = { timeZone: 'Asia/Shanghai', month, day: 'numeric' } as const;
  const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
  return {
    date: new Intl.DateTimeFormat(locale, { ...base, year: 'numeric' }),
    dateTime: new Intl.DateTimeFormat(locale, { ...base, year: 'numeric', ...time }),
    dateTimeSeconds: new Intl.DateTimeFormat(locale, { ...base, year: 'numeric', ...time, second: '2-digit' }),
    dayTime: new Intl.DateTimeFormat(locale, { ...base, ...time }),
  };
}

export function dateFormat(locale: Locale, kind: DateKind = 'dateTime'): Intl.DateTimeFormat {
  return FORMATS[locale][kind];
}

export function formatDate(d: Date, locale: Locale, kind: DateKind = 'dateTime'): string {
  return FORMATS[locale][kind].format(d);
}

export function formatShanghai(d: Date, locale: Locale, withTime = true): string {
  return formatDate(d, locale, withTime ? 'dateTime' : 'date');
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
