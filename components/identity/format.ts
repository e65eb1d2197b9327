import type { Locale } from '@/lib/i18n';

/** Dates as students in China read them: the university's time zone, whatever the server's is. */
export function formatDateTime(d: Date, locale: Locale, withTime = true): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(d);
}
