import { formatDate } from '@/lib/domain/dates';
import type { Locale } from '@/lib/i18n';

/** Dates as students in China read them: the university's time zone, whatever the server's is. */
export function formatDateTime(d: Date, locale: Locale, withTime = true): string {
  return formatDate(d, locale, withTime ? 'dateTime' : 'date');
}
