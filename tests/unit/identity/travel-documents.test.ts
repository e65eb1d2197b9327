import { describe, it, expect } from 'vitest';
import { checkBirthAndSex, validateIdNumber, type IdNumberResult } from '../../../lib/identity/id-number';

describe('hk_macau_permit', () => {
  it.each([
    ['Hong Kong', 'H12345678', 'H12345678'],
    ['Macau', 'M87654321', 'M87654321'],
    ['with issue count', 'H1234567801', 'H1234567801'],
    ['lower-case prefix', 'm12345678', 'M12345678'],
    ['full-width and spaces', 'Ｈ１２３４ ５６７８ ０２', 'H1234567802'],
    ['dash before issue count', 'H12345678-01', 'H1234567801'],
  ])('accepts %s', (_label, input, normalized) => {
    expect(validateIdNumber('hk_macau_permit', input)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['empty', '', 'empty'],
    ['wrong prefix letter', 'X12345678', 'bad_format'],
    ['Taiwan-style prefix T', 'T1234567801', 'bad_format'],
    ['no prefix', '123456789', 'bad_format'],
    ['7 digits', 'H1234567', 'bad_length'],
    ['1-digit issue count', 'H123456780', 'bad_length'],
    ['3-digit issue count', 'H12345678012', 'bad_length'],
    ['letter among digits', 'H1234A678', 'bad_characters'],
    ['HK identity card with brackets', 'A123456(7)', 'bad_characters'],
  ])('rejects %s', (_label, input, code) => {
    expect(validateIdNumber('hk_macau_permit', input)).toEqual({ ok: false, code });
  });
});

describe('taiwan_permit', () => {
  it.each([
    ['8 digits', '12345678', '12345678'],
    ['full-width', '０１２３４５６７', '01234567'],
    ['spaces and dashes', '1234-5678 ', '12345678'],
  ])('accepts %s', (_label, input, normalized) => {
    expect(validateIdNumber('taiwan_permit', input)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['7 digits', '1234567', 'bad_length'],
    ['9 digits', '123456789', 'bad_length'],
    ['letter', '1234A678', 'bad_characters'],
    ['punctuation', '1234/678', 'bad_characters'],
    ['empty', '－', 'empty'],
  ])('rejects %s', (_label, input, code) => {
    expect(validateIdNumber('taiwan_permit', input)).toEqual({ ok: false, code });
  });
});

describe('passport', () => {
  it.each([
    ['PRC ordinary E + 8', 'E12345678', 'CHN', 'E12345678'],
    ['PRC EA + 7', 'ea1234567', 'CHN', 'EA1234567'],
    ['PRC older G + 8', 'G 1234 5678', 'CHN', 'G12345678'],
    ['PRC diplomatic DE + 7', 'DE1234567', 'CHN', 'DE1234567'],
    ['US', '123456789', 'USA', '123456789'],
    ['UK', '５３３３８０００６', 'GBR', '533380006'],
    ['German letters and digits', 'C01X00T47', 'DEU', 'C01X00T47'],
    ['country in lower case', 'A1234567', 'usa', 'A1234567'],
    ['5 characters', 'AB123', 'FRA', 'AB123'],
    ['17 characters', 'ABCDEFGH123456789', 'JPN', 'ABCDEFGH123456789'],
  ])('accepts %s', (_label, input, issuingCountry, normalized) => {
    expect(validateIdNumber('passport', input, { issuingCountry })).toEqual({ ok: true, normalized });
  });

  it.each([
    ['no country', 'E12345678', undefined, 'missing_country'],
    ['blank country', 'E12345678', ' ', 'missing_country'],
    ['alpha-2 country', 'E12345678', 'CN', 'missing_country'],
    ['numeric country', 'E12345678', '156', 'missing_country'],
    ['PRC wrong prefix', 'X12345678', 'CHN', 'bad_format'],
    ['PRC too few digits', 'E123456', 'CHN', 'bad_format'],
    ['PRC too many digits', 'E1234567890', 'CHN', 'bad_format'],
    ['PRC letter after digits', 'E1234567A', 'CHN', 'bad_format'],
    ['no digit', 'ABCDEFG', 'USA', 'bad_format'],
    ['4 characters', 'A123', 'USA', 'bad_length'],
    ['18 characters', 'ABCDEFGH1234567890', 'USA', 'bad_length'],
    ['punctuation', 'A1234567#', 'USA', 'bad_characters'],
    ['empty', '', 'USA', 'empty'],
  ])('rejects %s', (_label, input, issuingCountry, code) => {
    expect(validateIdNumber('passport', input, { issuingCountry })).toEqual({ ok: false, code });
  });
});

describe('checkBirthAndSex', () => {
  const today = new Date('2024-06-01T12:00:00+08:00');
  const resident = validateIdNumber('cn_resident', '11010519491231002X', { today }); // 1949-12-31, female
  const mar7: IdNumberResult = { ok: true, normalized: 'x', birthDate: '1990-03-07', sex: 'male' };

  it('reads birth date and sex from the number', () => {
    expect(resident).toMatchObject({ ok: true, birthDate: '1949-12-31', sex: 'female' });
  });

  it.each<[string, IdNumberResult, { birthDate?: string; sex?: 'male' | 'female' }, unknown[]]>([
    ['consistent', resident, { birthDate: '1949-12-31', sex: 'female' }, []],
    ['form date without padding', mar7, { birthDate: '1990-3-7', sex: 'male' }, []],
    ['form date as slashes', mar7, { birthDate: '1990/03/07' }, []],
    ['form left empty', resident, {}, []],
    ['form date blank', resident, { birthDate: ' ' }, []],
    ['month and day swapped', mar7, { birthDate: '1990-07-03' }, [{ field: 'birthDate', fromNumber: '1990-03-07', fromForm: '1990-07-03' }]],
    ['sex differs', resident, { sex: 'male' }, [{ field: 'sex', fromNumber: 'female', fromForm: 'male' }]],
    [
      'both differ',
      resident,
      { birthDate: '1949-12-30', sex: 'male' },
      [
        { field: 'birthDate', fromNumber: '1949-12-31', fromForm: '1949-12-30' },
        { field: 'sex', fromNumber: 'female', fromForm: 'male' },
      ],
    ],
    ['number encodes nothing', validateIdNumber('hk_macau_permit', 'H12345678'), { birthDate: '2000-01-01', sex: 'male' }, []],
    ['2017 foreign card encodes nothing', validateIdNumber('foreign_permanent_resident', 'USA110085071501'), { birthDate: '2000-01-01' }, []],
    ['invalid number', validateIdNumber('cn_resident', '123'), { birthDate: '2000-01-01', sex: 'male' }, []],
  ])('%s', (_label, result, form, expected) => {
    expect(checkBirthAndSex(result, form)).toEqual(expected);
  });
});
