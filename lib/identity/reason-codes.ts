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

/**
 * Which return reasons fit which item (issue 8 item 7: the phone number was offered "sex wrong").
 * Every field can also take `other` (with a comment); photos take the photo reasons.
 */
const FIELD_REASON_FIT: Record<string, readonly ReasonCode[]> = {
  legalName: ['name_differs_registrar'],
  latinName: ['name_differs_registrar'],
  sex: ['sex_wrong'],
  birthDate: ['birth_date_wrong'],
  ethnicity: ['ethnicity_wrong'],
  idType: ['number_mismatch_document'],
  idNumber: ['number_mismatch_document'],
  idIssuingCountry: ['number_mismatch_document'],
  phone: ['contact_invalid'],
  email: ['contact_invalid'],
};

/** The reasons offered for a return target (`field:<name>` or `document:<kind>`), in list order. */
export function reasonsFor(target: string): readonly ReasonCode[] {
  if (target.startsWith('document:')) return PHOTO_REASONS;
  const fit = FIELD_REASON_FIT[target.slice('field:'.length)];
  return fit ? [...fit, 'other'] : ['other'];
}

export function reasonFits(target: string, code: string): boolean {
  return (reasonsFor(target) as readonly string[]).includes(code);
}
