import { describe, it, expect } from 'vitest';
import { idChecksumChar, validateIdNumber, type IdDocumentType } from '../../../lib/identity/id-number';

// Independent ISO 7064 MOD 11-2 (the textbook form, not the GB 11643 weight table): weight of
// position i (1-based from the right, check char is position 1) is 2^(i-1) mod 11, and the
// check value c satisfies (sum + c) ≡ 1 (mod 11); 10 is written X.
function iso7064Mod112(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
const withCheck = (body17: string) => body17 + iso7064Mod112(body17);
const build = (region: string, yyyymmdd: string, seq: string) => withCheck(region + yyyymmdd + seq);
const flipCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

const today = new Date('2024-06-01T12:00:00+08:00');
const v = (type: IdDocumentType, value: string) => validateIdNumber(type, value, { today });

describe('idChecksumChar', () => {
  // Hand-verified: 11010519491231002X is the example used in GB 11643 explanations;
  // 440524188001010014 the other classic textbook example (checksum 195 mod 11 = 8 -> '4').
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['11010519800101000', iso7064Mod112('11010519800101000')],
  ])('%s -> %s', (body, check) => {
    expect(idChecksumChar(body)).toBe(check);
  });

  it('agrees with the independent implementation on many bodies', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 500; n++) {
      const body = Array.from({ length: 17 }, () => String(next() % 10)).join('');
      expect(idChecksumChar(body)).toBe(iso7064Mod112(body));
    }
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100A', ''])('rejects %j', (body) => {
    expect(() => idChecksumChar(body)).toThrow(RangeError);
  });
});

describe('cn_resident', () => {
  const leap = build('440305', '20000229', '123');
  const onToday = build('310101', '20240601', '002');
  it.each([
    ['11010519491231002X', '11010519491231002X', '1949-12-31', 'female'],
    ['lower-case x', '11010519491231002x', '1949-12-31', 'female'],
    ['full-width', '１１０１０５１９４９１２３１００２Ｘ', '1949-12-31', 'female'],
    ['full-width lower-case x', '１１０１０５１９４９１２３１００２ｘ', '1949-12-31', 'female'],
    ['spaces', ' 110105 19491231 002X ', '1949-12-31', 'female'],
    ['ideographic spaces', '110105\u300019491231\u3000002X', '1949-12-31', 'female'],
    ['hyphens and dashes', '110105-1949－1231—002–X', '1949-12-31', 'female'],
    ['leap day, odd sequence', leap, '2000-02-29', 'male'],
    ['born today', onToday, '2024-06-01', 'female'],
    ['born 1900-01-01', build('650102', '19000101', '015'), '1900-01-01', 'male'],
  ])('accepts %s', (_label, input, birthDate, sex) => {
    const r = v('cn_resident', input);
    expect(r).toEqual({ ok: true, normalized: expect.stringMatching(/^\d{17}[\dX]$/), birthDate, sex });
  });

  it('normalizes to the canonical 18 characters', () => {
    expect(v('cn_resident', '１１０１０５-19491231 002x')).toMatchObject({ normalized: '11010519491231002X' });
  });

  it.each([
    ['empty', '', 'empty'],
    ['blank', ' \u3000 - ', 'empty'],
    ['17 digits', '11010519491231002', 'bad_length'],
    ['19 digits', '11010519491231002X1', 'bad_length'],
    ['letter in the middle', '1101051949A231002X', 'bad_characters'],
    ['X not at the end', '1101051949123100X2', 'bad_characters'],
    ['Chinese character', '11010519491231002号', 'bad_characters'],
    ['wrong check char', '110105194912310021', 'bad_checksum'],
    ['wrong check char (built)', flipCheck(leap), 'bad_checksum'],
    ['19990230', build('110105', '19990230', '001'), 'bad_date'],
    ['month 13', build('110105', '19991301', '001'), 'bad_date'],
    ['day 00', build('110105', '19990100', '001'), 'bad_date'],
    ['1900 is not a leap year', build('110105', '19000229', '001'), 'bad_date'],
    ['before 1900', '440524188001010014', 'bad_date'],
    ['tomorrow', build('110105', '20240602', '001'), 'future_date'],
    ['next century', build('110105', '21000101', '001'), 'future_date'],
    ['region 00', build('000000', '19900307', '001'), 'bad_region'],
    ['region 16', build('160101', '19900307', '001'), 'bad_region'],
    ['Taiwan 71 is not issued', build('710000', '19900307', '001'), 'bad_region'],
    ['HK residence permit 810000', build('810000', '19900307', '001'), 'wrong_document_type'],
    ['Macau residence permit 820000', build('820000', '19900307', '001'), 'wrong_document_type'],
    ['Taiwan residence permit 830000', build('830000', '19900307', '001'), 'wrong_document_type'],
    ['91 prefix', build('910000', '19900307', '001'), 'wrong_document_type'],
    ['foreign permanent resident 2023', build('911156', '19900307', '001'), 'wrong_document_type'],
  ])('rejects %s', (_label, input, code) => {
    expect(v('cn_resident', input)).toEqual({ ok: false, code });
  });

  it('judges "future" by the calendar date in China (UTC+8), wherever the code runs', () => {
    const id = build('110105', '20240601', '001');
    const chinaJustAfterMidnight = new Date('2024-05-31T16:30:00Z'); // 2024-06-01 00:30 in Beijing
    expect(validateIdNumber('cn_resident', id, { today: chinaJustAfterMidnight })).toMatchObject({ ok: true });
    const chinaJustBeforeMidnight = new Date('2024-05-31T15:30:00Z'); // 2024-05-31 23:30 in Beijing
    expect(validateIdNumber('cn_resident', id, { today: chinaJustBeforeMidnight })).toEqual({ ok: false, code: 'future_date' });
  });

  it('defaults today to the current date', () => {
    const d = new Date();
    const nextYear = `${d.getFullYear() + 1}0101`;
    expect(validateIdNumber('cn_resident', build('110105', nextYear, '001'))).toEqual({ ok: false, code: 'future_date' });
  });
});

describe('hmt_residence_permit', () => {
  it.each([
    ['Hong Kong', build('810000', '19900307', '001'), '1990-03-07', 'male'],
    ['Macau', build('820000', '19851231', '002'), '1985-12-31', 'female'],
    [
      'Taiwan, lower-case x and spaces',
      build('830000', '20010101', '011')
        .toLowerCase()
        .replace(/^(.{6})/, '$1 '),
      '2001-01-01',
      'male',
    ],
  ])('accepts %s', (_label, input, birthDate, sex) => {
    expect(v('hmt_residence_permit', input)).toMatchObject({ ok: true, birthDate, sex });
  });

  it.each([
    ['mainland address code', '11010519491231002X', 'wrong_document_type'],
    ['not exactly 810000', build('810100', '19900307', '001'), 'bad_region'],
    ['Taiwan 71', build('710000', '19900307', '001'), 'bad_region'],
    ['unknown prefix', build('990000', '19900307', '001'), 'bad_region'],
    ['wrong check char', flipCheck(build('810000', '19900307', '001')), 'bad_checksum'],
    ['impossible date', build('820000', '19990230', '001'), 'bad_date'],
    ['future date', build('830000', '20250101', '001'), 'future_date'],
    ['17 digits', build('810000', '19900307', '001').slice(0, 17), 'bad_length'],
  ])('rejects %s', (_label, input, code) => {
    expect(v('hmt_residence_permit', input)).toEqual({ ok: false, code });
  });
});

describe('foreign_permanent_resident', () => {
  // 2023 card: 9 + accepting province + numeric nationality + birth date + sequence + check.
  const fpr2023 = build('911840', '19850715', '001');
  it.each([
    ['2023 form', fpr2023, { birthDate: '1985-07-15', sex: 'male' }],
    ['2023 form, dashes', `${fpr2023.slice(0, 6)}-${fpr2023.slice(6)}`, { birthDate: '1985-07-15' }],
    ['2023 form, female', build('931156', '20000101', '002'), { birthDate: '2000-01-01', sex: 'female' }],
    ['2017 form', 'USA110085071501', { normalized: 'USA110085071501' }],
    ['2017 form, lower case and spaces', 'usa 1100 8507 1501', { normalized: 'USA110085071501' }],
  ])('accepts %s', (_label, input, expected) => {
    expect(v('foreign_permanent_resident', input)).toMatchObject({ ok: true, ...expected });
  });

  it('returns no birth date for the 2017 form', () => {
    expect(v('foreign_permanent_resident', 'CAN310088123102')).toEqual({ ok: true, normalized: 'CAN310088123102' });
  });

  it.each([
    ['2023 wrong check char', flipCheck(fpr2023), 'bad_checksum'],
    ['2023 impossible date', build('911840', '19990230', '001'), 'bad_date'],
    ['2023 future date', build('911840', '20300101', '001'), 'future_date'],
    ['mainland resident ID', '11010519491231002X', 'wrong_document_type'],
    ['HMT residence permit', build('810000', '19900307', '001'), 'wrong_document_type'],
    ['18 digits not starting with 9', '123456789012345678', 'bad_format'],
    ['2017 form with 2 letters', 'US1234567890123', 'bad_characters'],
    ['2017 form with a letter among the digits', 'USA11008507150A', 'bad_characters'],
    ['16 characters', 'USA1100850715011', 'bad_length'],
    ['empty', '  ', 'empty'],
  ])('rejects %s', (_label, input, code) => {
    expect(v('foreign_permanent_resident', input)).toEqual({ ok: false, code });
  });
});
