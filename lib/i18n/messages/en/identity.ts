import type { Messages } from '../zh-CN';

const identity: Messages['identity'] = {
  title: 'Identity registration',
  intro: 'Fill in exactly what your ID document shows; fields marked * are required. Your entries are saved automatically, so you can leave and come back.',
  required: 'required',
  optional: 'optional',
  sections: { personal: 'About you', document: 'ID document', contact: 'Contact' },
  roster: {
    title: 'Enrolment (from the university roster)',
    name: 'Name on the roster',
    hint: 'These come from the university roster and cannot be changed here. If something is wrong, contact your school office.',
  },
  fields: {
    legalName: {
      label: 'Legal name',
      help: 'Exactly as on your ID document. Separate the parts of a minority or transliterated name with the middle dot “·”, e.g. 迪丽努尔·艾买提 (a full stop “.” between the parts is converted for you).',
    },
    latinName: {
      label: 'Name in Latin letters',
      help: 'Capital Latin letters as on your passport or ID, e.g. ZHANG SAN. Required with a passport or a foreign permanent resident ID card.',
    },
    sex: { label: 'Sex', male: 'Male', female: 'Female' },
    birthDate: { label: 'Date of birth', help: 'As on your ID document.' },
    ethnicity: { label: 'Ethnic group', placeholder: 'Choose your ethnic group' },
    idType: { label: 'ID document type', placeholder: 'Choose a document type' },
    idNumber: {
      label: 'ID number',
      normalized: 'Will be saved as: {value}',
      masked: 'Number on file: {mask} (not returned, no need to enter it again)',
      help: {
        cn_resident: '18 characters; the last one may be the letter X.',
        hmt_residence_permit: '18 characters, starting with 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan).',
        hk_macau_permit: 'H or M followed by 8 digits (you may add the 2-digit issue count).',
        taiwan_permit: '8 digits.',
        foreign_permanent_resident: 'The 2023 card has 18 characters starting with 9; older cards have 3 letters and 12 digits.',
        passport: 'The passport number on the data page.',
      },
    },
    idIssuingCountry: { label: 'Passport issuing country', help: 'The three-letter code on your passport, e.g. CHN (China), USA, KOR (Korea).' },
    phone: {
      label: 'Mobile phone',
      help: 'Mainland China mobile numbers have 11 digits; for other numbers start with + and the country code, e.g. +852 9123 4567.',
    },
    email: { label: 'Email', help: 'We send the verification result here.' },
  },
  idTypes: {
    cn_resident: 'Resident Identity Card',
    hmt_residence_permit: 'Residence Permit for Hong Kong, Macau and Taiwan Residents',
    hk_macau_permit: 'Mainland Travel Permit for Hong Kong and Macau Residents',
    taiwan_permit: 'Mainland Travel Permit for Taiwan Residents',
    foreign_permanent_resident: 'Foreign Permanent Resident ID Card',
    passport: 'Passport',
  },
  errors: {
    required: 'Required: please choose one.',
    birthDate: 'Enter a valid date of birth.',
    birthDateFuture: 'The date of birth cannot be later than today. Please check it.',
    birthMismatch:
      'The date of birth does not match the ID number: the number says {fromNumber}, you entered {fromForm}. Check your ID and correct whichever is wrong.',
    sexMismatch: 'The sex does not match the ID number: the number says “{fromNumber}”, you chose “{fromForm}”. Check your ID and correct whichever is wrong.',
    email: 'Enter a valid email address, e.g. name@example.com.',
    fixFields: 'Some entries need fixing: see the ones marked in red.',
    checkFields: 'Please check: {fields}.',
    notEditable: 'Your information has been submitted and cannot be changed now.',
    noticeRequired: 'Please read and acknowledge the privacy notice first.',
    photosMissing: 'ID photos are missing: take or upload them, then submit.',
    alreadySubmitted: 'Your information has already been submitted; there is no need to submit again.',
    retakePhotos: 'Retake the returned photos before submitting.',
    name: {
      empty: 'Enter your legal name.',
      too_long: 'The name is too long (at most 50 characters). Check for anything typed twice.',
      bad_characters: 'A legal name may contain Chinese characters, Latin letters, spaces and the middle dot “·” only. Remove digits and other symbols.',
      bad_dot: 'The middle dot “·” goes between two parts of the name: not at the start or end, and never two in a row.',
    },
    latin: {
      empty: 'This document type needs your name in Latin letters (capitals, as on the document).',
      too_long: 'The Latin-letter name is too long (at most 100 letters). Please check it.',
      bad_characters: "Use Latin letters, spaces, hyphens “-” and apostrophes “'” only; write pinyin ü as V or YU.",
    },
    id: {
      empty: 'Enter your ID number.',
      bad_length: 'The ID number has the wrong number of characters. Compare it with your document, character by character.',
      bad_characters: 'The ID number contains characters that are not allowed. Use digits and letters only (a resident ID may end in X).',
      bad_region: 'The region code at the start of the ID number is not valid. Check the first digits against your document.',
      bad_date: 'The date of birth inside the ID number (characters 7–14) is not a real date. Please check it.',
      future_date: 'The date of birth inside the ID number is later than today. Please check it.',
      bad_checksum:
        'The ID number fails its check: one character is probably mistyped. Compare it with your document, character by character (the last one may be X).',
      wrong_document_type: 'This number belongs to a different kind of document. Check that the ID document type is right.',
      bad_format: 'The number does not match the chosen document type. Check the number and the document type.',
      missing_country: 'Enter the three-letter code of the country that issued your passport, e.g. CHN.',
    },
    phone: {
      empty: 'Enter your mobile phone number.',
      bad_format: 'The phone number is not valid. Mainland China mobile numbers have 11 digits; other numbers start with + and the country code.',
      not_mobile: 'Enter a mainland China mobile number (11 digits, starting with 1), not a landline; for other countries add + and the country code.',
    },
  },
  draft: {
    saving: 'Saving…',
    savedServer: 'Saved',
    savedDevice: 'Saved on this device',
    offline: 'Offline: saved on this device; it syncs when you are back online',
    restored: 'Restored what you last entered on this device',
  },
  submit: {
    button: 'Submit',
    submitting: 'Submitting…',
    network: 'No connection — we’ll keep your form; tap to retry.',
    retry: 'Submit again',
  },
  returned: {
    banner: 'Your information was returned. Correct the items marked below and submit again; everything else stays as it was.',
    reason: 'Reason: {reason}',
    comment: 'Reviewer’s note: {comment}',
    readOnly: 'Not returned, nothing to change',
  },
  view: {
    title: 'Submitted information',
    submittedAt: 'Submitted {date}',
    locked: 'Your information cannot be changed during review. To correct something, contact your school office.',
    backHome: 'Back to home',
  },
};

export default identity;
