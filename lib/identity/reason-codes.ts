/**
 * Return reasons: one fixed list for every reviewer, so the same problem gets the same words
 * (the seed's "inconsistent verification standards"). Labels live in the i18n catalogs under
 * reasons.<code>.
 */
export const FIELD_REASONS = [
  'name_differs_registrar',
  'number_mismatch_document',
  'birth_date_wrong',
  'sex_wrong',
  'ethnicity_wrong',
  'contact_invalid',
  'other',
] as const;
export const PHOTO_REASONS = [
  'photo_blurry',
  'photo_glare',
  'photo_cropped',
  'photo_wrong_side',
  'photo_expired_document',
  'photo_not_original',
  'other',
] as const;
export const REASON_CODES = [...new Set([...FIELD_REASONS, ...PHOTO_REASONS])] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
