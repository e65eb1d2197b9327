/**
 * The fields an office can be granted (step 4). Names match the SQL grant check
 * (supabase/migrations/20261202400000_sharing.sql) and the API's JSON keys.
 */
export const SHARE_FIELDS = [
  'student_number',
  'name',
  'latin_name',
  'department',
  'cohort',
  'sex',
  'birth_date',
  'ethnicity',
  'id_type',
  'id_number',
  'phone',
  'email',
] as const;
export type ShareField = (typeof SHARE_FIELDS)[number];

export function isShareField(v: string): v is ShareField {
  return (SHARE_FIELDS as readonly string[]).includes(v);
}

/** Column order of exports and tables: the grant's fields in this fixed order. */
export function orderedFields(fields: readonly string[]): ShareField[] {
  return SHARE_FIELDS.filter((f) => fields.includes(f));
}
