import type { Messages } from '../zh-CN';

const fields: Messages['fields'] = {
  nav: 'Field rules',
  title: 'Field change rules',
  intro: 'Set how students may change each field during confirmation, and whom to contact when it cannot be changed online. Changes are audited.',
  tier: 'Change',
  tiers: { self_service: 'By the student', approval: 'With approval', locked: 'Not online' },
  tierHelp: {
    self_service: 'Takes effect at once; phone and e-mail only.',
    approval: 'The student gives a reason and evidence; a school reviewer approves.',
    locked: 'Shown only; the student follows the contact note offline.',
  },
  contactZh: 'Contact note (Chinese)',
  contactEn: 'Contact note (English)',
  save: 'Save',
  saved: 'Saved.',
  default: 'Default',
  updatedBy: 'Changed by {name} on {date}',
  rosterFixed: 'Roster fields come from the registrar’s import and are always “Not online”.',
  names: {
    legalName: 'Name',
    latinName: 'Name in Latin letters',
    sex: 'Sex',
    birthDate: 'Date of birth',
    ethnicity: 'Ethnicity',
    idType: 'ID type',
    idNumber: 'ID number',
    idIssuingCountry: 'Passport issuing country',
    phone: 'Mobile phone',
    email: 'E-mail',
    studentNumber: 'Student number',
    department: 'School',
    cohort: 'Cohort',
  },
  errors: {
    rosterLocked: 'Student number, school and cohort come from the roster and can only be “Not online”.',
    selfServiceContactOnly: 'Only phone and e-mail can be changed by the student; identity corrections need approval.',
    noteTooLong: 'The contact note can be at most 200 characters.',
  },
};

export default fields;
