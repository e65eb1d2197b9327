import type { Messages } from '../zh-CN';

const compare: Messages['compare'] = {
  others: ' ({n} other students involved)',
  codes: {
    registrar: {
      missing: 'No registrar record found for this student',
      name_mismatch: 'Name differs from the registrar record',
      birth_date_mismatch: 'Date of birth differs from the registrar record',
      sex_mismatch: 'Sex differs from the registrar record',
      id_number_mismatch: 'ID number differs from the registrar record',
      id_type_mismatch: 'Document type differs from the registrar record',
      department_mismatch: 'The registrar record names another school than the roster',
      cohort_mismatch: 'The registrar record names another cohort than the roster',
      ethnicity_mismatch: 'Ethnicity differs from the registrar record',
      birth_date_absent: 'The registrar record has no date of birth',
      sex_absent: 'The registrar record has no sex',
      id_number_unavailable: 'The ID number could not be compared',
    },
    admissions: {
      missing: 'Freshman: no matching admissions record found',
      name_mismatch: 'Name differs from the admissions record',
      birth_date_mismatch: 'Date of birth differs from the admissions record',
      sex_mismatch: 'Sex differs from the admissions record',
      id_number_mismatch: 'ID number differs from the admissions record',
      id_type_mismatch: 'Document type differs from the admissions record',
      department_mismatch: 'The admissions record names another school than the roster',
      birth_date_absent: 'The admissions record has no date of birth',
      sex_absent: 'The admissions record has no sex',
      id_number_unavailable: 'The ID number could not be compared',
    },
    duplicate: {
      id_number: 'Possible duplicate: the same ID number is on another student’s submission or registrar record; a case was opened',
      name_birth: 'Possible duplicate: a student of the same cohort has the same name and date of birth; a case was opened',
      photo: 'Possible duplicate: the same photo was submitted by another student; a case was opened',
    },
  },
  submit: {
    phone_international: 'Phone number outside mainland China',
    latin_name_absent: 'No pinyin name given',
    birth_sex_vs_number_not_encoded: 'The number encodes no birth date or sex, so they could not be cross-checked',
    required_photos_missing: 'Document photos missing',
  },
};

export default compare;
