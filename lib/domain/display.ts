import type { Locale } from '@/lib/i18n';
import { keyIn, type T } from '@/lib/i18n/keys';
import { ethnicityName } from '@/lib/identity/ethnicity';

/** A stored identity value as a person reads it: codes become labels, empty becomes a dash. */
export function displayValue(field: string, value: string | null | undefined, t: T, locale: Locale): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'sex') return t(keyIn('identity.fields.sex', value));
  if (field === 'ethnicity') return ethnicityName(value, locale);
  if (field === 'idType') return t(keyIn('identity.idTypes', value));
  return value;
}
