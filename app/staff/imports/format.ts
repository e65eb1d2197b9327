import { dateFormat } from '@/lib/domain/dates';
import { tKnown, type Locale, type T } from '@/lib/i18n';

/** A stored failure, "imports.failure.database::{"row":"651","code":"23514"}", in words. */
export function formatFailure(t: T, failure: string | null): string {
  if (!failure) return '';
  const i = failure.indexOf('::');
  const key = i < 0 ? failure : failure.slice(0, i);
  let vars: Record<string, string> = {};
  if (i >= 0) {
    try {
      vars = JSON.parse(failure.slice(i + 2)) as Record<string, string>;
    } catch {
      // the key alone still says what happened
    }
  }
  return tKnown(t, key, vars) + (vars.row && vars.row !== '0' ? t('imports.result.nearRow', { row: vars.row }) : '');
}

export function dateTimeFormat(locale: Locale): Intl.DateTimeFormat {
  return dateFormat(locale, 'dateTime');
}

export const DELIMITER_KEY: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon' };

/** Only our own message keys are shown from a query string. */
export const MESSAGE_KEY = /^(imports|errors)\.[A-Za-z_.]+$/;

export const STATUS_STYLE: Record<string, string> = {
  succeeded: 'bg-green-50 text-green-800',
  failed: 'bg-red-50 text-red-800',
  running: 'bg-amber-50 text-amber-800',
};
