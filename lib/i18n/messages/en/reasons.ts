import type { Messages } from '../zh-CN';

const reasons: Messages['reasons'] = {
  name_differs_registrar: 'The name differs from the registrar’s record',
  number_mismatch_document: 'The ID number does not match the document photo',
  birth_date_wrong: 'The date of birth is wrong',
  sex_wrong: 'The sex is wrong',
  ethnicity_wrong: 'The ethnic group is wrong',
  contact_invalid: 'The contact details do not work',
  other: 'Other',
  photo_blurry: 'The photo is blurry; the text cannot be read',
  photo_glare: 'The photo has glare',
  photo_cropped: 'The document is cut off (all four corners must show)',
  photo_wrong_side: 'The wrong side of the document',
  photo_expired_document: 'The document has expired',
  photo_not_original: 'Not the original document (a copy or a photo of a screen)',
};

export default reasons;
