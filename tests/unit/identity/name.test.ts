import { describe, it, expect } from 'vitest';
import { validateLatinName, validateLegalName } from '../../../lib/identity/name';

const DOT = '\u00B7';
const han = (n: number) => '张'.repeat(n);
const extB = '\u{20BB7}'; // 𠮷, CJK Extension B: two UTF-16 units, one character

describe('validateLegalName', () => {
  const uyghur = `迪丽努尔${DOT}艾买提`;
  it.each([
    ['two characters', '张三', '张三'],
    ['surrounding spaces', '  张三 ', '张三'],
    ['space between Han characters', '张\u3000三', '张三'],
    ['U+00B7', `迪丽努尔${DOT}艾买提`, uyghur],
    ['katakana middle dot U+30FB', '迪丽努尔・艾买提', uyghur],
    ['half-width katakana dot U+FF65', '迪丽努尔･艾买提', uyghur],
    ['bullet U+2022', '迪丽努尔•艾买提', uyghur],
    ['hyphenation point U+2027', '迪丽努尔‧艾买提', uyghur],
    ['full stop between Han', '迪丽努尔.艾买提', uyghur],
    ['full-width full stop between Han', '迪丽努尔．艾买提', uyghur],
    ['dot with spaces around', '迪丽努尔 · 艾买提', uyghur],
    ['three parts, mixed dots', '阿卜杜拉・买买提.艾力', `阿卜杜拉${DOT}买买提${DOT}艾力`],
    ['extension B character', `${extB}野家`, `${extB}野家`],
    ['Latin foreign name', 'John  Smith', 'John Smith'],
    ['full-width Latin', 'Ｊｏｈｎ Ｓｍｉｔｈ', 'John Smith'],
    ['Latin with dot', `JOHN${DOT}SMITH`, `JOHN${DOT}SMITH`],
    ['50 characters', han(50), han(50)],
    ['50 extension B characters (100 UTF-16 units)', extB.repeat(50), extB.repeat(50)],
    ['one character', '张', '张'],
  ])('accepts %s', (_label, input, normalized) => {
    expect(validateLegalName(input)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['empty', '', 'empty'],
    ['blank', ' \u3000 ', 'empty'],
    ['leading dot', `${DOT}迪丽努尔`, 'bad_dot'],
    ['leading lookalike dot', '・迪丽努尔', 'bad_dot'],
    ['trailing dot', '迪丽努尔・', 'bad_dot'],
    ['double dot', `迪丽努尔${DOT}${DOT}艾买提`, 'bad_dot'],
    ['double dot from two lookalikes', '迪丽努尔・•艾买提', 'bad_dot'],
    ['only a dot', '・', 'bad_dot'],
    ['51 characters', han(51), 'too_long'],
    ['51 extension B characters', extB.repeat(51), 'too_long'],
    ['digits', '张三1', 'bad_characters'],
    ['only digits', '123', 'bad_characters'],
    ['full stop after Latin', 'J. Smith', 'bad_characters'],
    ['trailing full stop', '张三.', 'bad_characters'],
    ['punctuation', '张三！', 'bad_characters'],
    ['hiragana', 'さくら', 'bad_characters'],
    ['emoji', '张三😀', 'bad_characters'],
  ])('rejects %s', (_label, input, code) => {
    expect(validateLegalName(input)).toEqual({ ok: false, code });
  });
});

describe('validateLatinName', () => {
  it.each([
    ['pinyin', 'zhang san', 'ZHANG SAN'],
    ['collapsed spaces', '  Zhang \u3000  San ', 'ZHANG SAN'],
    ['apostrophe', "O'Brien", "O'BRIEN"],
    ['typographic apostrophe', 'O\u2019Brien', "O'BRIEN"],
    ['hyphen', 'Jean-Luc Picard', 'JEAN-LUC PICARD'],
    ['full-width', 'ＬＩ　ＳＩ', 'LI SI'],
    ['pinyin ü as V', 'Lv Bu', 'LV BU'],
    ['100 characters', 'A'.repeat(100), 'A'.repeat(100)],
  ])('accepts %s', (_label, input, normalized) => {
    expect(validateLatinName(input)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['empty', '', 'empty'],
    ['blank', '   ', 'empty'],
    ['Han characters', '张三', 'bad_characters'],
    ['digits', 'Zhang3', 'bad_characters'],
    ['ü', 'Lü Bu', 'bad_characters'],
    ['only punctuation', "- '", 'bad_characters'],
    ['middle dot', `ZHANG\u00B7SAN`, 'bad_characters'],
    ['101 characters', 'A'.repeat(101), 'too_long'],
  ])('rejects %s', (_label, input, code) => {
    expect(validateLatinName(input)).toEqual({ ok: false, code });
  });
});
