import type { Locale } from '@/lib/i18n';
import { ethnicityName } from '@/lib/identity/ethnicity';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A stored identity value as a person reads it: codes become labels, empty becomes a dash. */
export function displayValue(field: string, value: string | null | undefined, t: Translate, locale: Locale): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'sex') return t(`identity.fields.sex.${value}`);
  if (field === 'ethnicity') return ethnicityName(value, locale);
  if (field === 'idType') return t(`identity.idTypes.${value}`);
  return value;
}
