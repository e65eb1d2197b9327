import type { IdDocumentType } from './id-number';

/** Every identity photo a form can carry (evidence for corrections is not one of them). */
export const PHOTO_KINDS = ['id_front', 'id_back', 'passport_data'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

/**
 * The pictures each document needs: both sides of a card or permit (the back of a resident ID
 * carries the issuing authority and validity; a permit's back its issue count), the data page of
 * a passport.
 */
export const REQUIRED_PHOTOS: Record<IdDocumentType, readonly PhotoKind[]> = {
  cn_resident: ['id_front', 'id_back'],
  hmt_residence_permit: ['id_front', 'id_back'],
  hk_macau_permit: ['id_front', 'id_back'],
  taiwan_permit: ['id_front', 'id_back'],
  foreign_permanent_resident: ['id_front', 'id_back'],
  passport: ['passport_data'],
};

/** Documents whose holders are usually not Chinese citizens: a Latin-letter name is required. */
export const LATIN_NAME_REQUIRED: ReadonlySet<IdDocumentType> = new Set(['foreign_permanent_resident', 'passport']);
