import { parsePhoneNumberFromString as parseMin } from 'libphonenumber-js/min';
import { describe, it, expect } from 'vitest';
import { phoneValidator, validatePhone as serverValidatePhone } from '../../../lib/identity/phone';

// The server (full 'max' metadata) and the browser (next.config.js aliases the import to the 'min'
// set, which cannot tell a mobile number from a landline): every case holds for both.
describe.each([
  ['on the server (max metadata)', serverValidatePhone],
  ['in the browser (min metadata)', phoneValidator(parseMin)],
])('validatePhone %s', (_where, validatePhone) => {
  const mainland = { ok: true, e164: '+8613812345678', national: '13812345678', isMainlandMobile: true };
  it.each([
    ['plain mainland mobile', '13812345678', mainland],
    ['spaces', ' 138 1234 5678 ', mainland],
    ['dashes', '138-1234-5678', mainland],
    ['full-width digits', '１３８１２３４５６７８', mainland],
    ['full-width with ideographic space', '１３８\u3000１２３４\u3000５６７８', mainland],
    ['+86', '+86 138 1234 5678', mainland],
    ['00 prefix', '0086 13812345678', mainland],
    ['parentheses', '(+86) 138-1234-5678', mainland],
    ['full-width plus and parentheses', '＋８６（１３８）１２３４５６７８', mainland],
    ['199 range', '19912345678', { ok: true, e164: '+8619912345678', national: '19912345678', isMainlandMobile: true }],
    ['86 without +', '8613812345678', mainland],
    ['Hong Kong mobile', '+852 9123 4567', { ok: true, e164: '+85291234567', national: '91234567', isMainlandMobile: false }],
    ['Hong Kong landline', '+852 2123 4567', { ok: true, e164: '+85221234567', national: '21234567', isMainlandMobile: false }],
    ['Hong Kong via 00', '00852-9123-4567', { ok: true, e164: '+85291234567', national: '91234567', isMainlandMobile: false }],
    ['US', '+1 (201) 555-0123', { ok: true, e164: '+12015550123', national: '2015550123', isMainlandMobile: false }],
    ['full-width +1', '＋１ ２０１ ５５５ ０１２３', { ok: true, e164: '+12015550123', national: '2015550123', isMainlandMobile: false }],
    ['UK mobile', '+44 7911 123456', { ok: true, e164: '+447911123456', national: '7911123456', isMainlandMobile: false }],
  ])('accepts %s', (_label, input, expected) => {
    expect(validatePhone(input)).toEqual(expected);
  });

  it.each([
    ['empty', '', 'empty'],
    ['blank', ' \u3000 ', 'empty'],
    ['Beijing landline', '010-12345678', 'not_mobile'],
    ['Beijing landline without trunk 0', '1012345678', 'not_mobile'],
    ['Shanghai landline with +86', '+86 21 6123 4567', 'not_mobile'],
    ['Guangzhou landline, full-width', '０２０-８１２３４５６７', 'not_mobile'],
    ['11 digits in no mobile range', '12345678901', 'bad_format'],
    ['10-digit mobile', '1381234567', 'bad_format'],
    ['12-digit mobile', '138123456789', 'bad_format'],
    ['letters', '138abcd5678', 'bad_format'],
    ['extension', '13812345678 ext 12', 'bad_format'],
    ['plus in the middle', '138+12345678', 'bad_format'],
    ['only a plus', '+', 'bad_format'],
    ['too short international', '+1 555', 'bad_format'],
    ['invalid Hong Kong', '+852 1234 5678', 'bad_format'],
  ])('rejects %s', (_label, input, code) => {
    expect(validatePhone(input)).toEqual({ ok: false, code });
  });
});
