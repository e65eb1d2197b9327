import { describe, expect, it } from 'vitest';
import { clientT } from '../../lib/client/t';
import en from '../../lib/i18n/messages/en';
import zhCN from '../../lib/i18n/messages/zh-CN';
import { interpolate } from '../../lib/i18n/format';
import { translator } from '../../lib/i18n';

describe('message formatting through the platform Intl', () => {
  const msg = '{n, plural, =0 {no requests} one {# request} other {# requests}} for {who}';

  it('chooses the plural branch by Intl.PluralRules and formats # by Intl.NumberFormat', () => {
    expect(interpolate(msg, { n: 0, who: 'A' }, 'en')).toBe('no requests for A');
    expect(interpolate(msg, { n: 1, who: 'A' }, 'en')).toBe('1 request for A');
    expect(interpolate(msg, { n: 2, who: 'A' }, 'en')).toBe('2 requests for A');
    expect(interpolate(msg, { n: 12345, who: 'A' }, 'en')).toBe('12,345 requests for A');
    // Chinese has one form: "other".
    expect(interpolate('{n, plural, one {# 件} other {# 件（多）}}', { n: 1 }, 'zh-CN')).toBe('1 件（多）');
  });

  it('leaves a message alone when its number is missing or not a number, and plain values as before', () => {
    expect(interpolate(msg, { who: 'A' }, 'en')).toBe(msg.replace('{who}', 'A'));
    expect(interpolate(msg, { n: 'x', who: 'A' }, 'en')).toBe(msg.replace('{who}', 'A'));
    expect(interpolate('{a} and {b}', { a: 1 }, 'en')).toBe('1 and {b}');
    expect(interpolate('{a}', undefined, 'en')).toBe('{a}');
  });

  it('is what the server and the client translators use', () => {
    expect(translator('en')('questionnaires.homeBody', { n: 1 })).toMatch(/^A questionnaire is waiting/);
    expect(translator('en')('questionnaires.homeBody', { n: 3 })).toMatch(/^3 questionnaires are waiting/);
    expect(clientT({ k: en.cases.openRequests })('k', { n: 1 })).toBe('1 document request waiting for the student');
    expect(translator('zh-CN')('questionnaires.homeBody', { n: 3 })).toContain('3 份问卷');
  });

  it('no Chinese message uses plural blocks, and no English one a "(s)" stand-in', () => {
    const leaves = (node: unknown): string[] =>
      typeof node === 'string' ? [node] : node && typeof node === 'object' ? Object.values(node).flatMap(leaves) : [];
    expect(leaves(zhCN).filter((m) => m.includes(', plural,'))).toEqual([]);
    expect(leaves(en).filter((m) => /\w\((s|es)\)/.test(m))).toEqual([]);
  });
});
