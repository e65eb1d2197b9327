import { describe, expect, it } from 'vitest';
import { formatDate, formatShanghai } from '../../lib/domain/dates';

// 2026-12-02 14:06:09 UTC is 22:06 in Beijing.
const d = new Date('2026-12-02T14:06:09Z');

describe('formatDate (one formatter per locale, Beijing time)', () => {
  it('writes zh-CN dates the Chinese way, 24-hour', () => {
    expect(formatDate(d, 'zh-CN', 'date')).toBe('2026年12月2日');
    expect(formatDate(d, 'zh-CN', 'dateTime')).toBe('2026年12月2日 22:06');
    expect(formatDate(d, 'zh-CN', 'dateTimeSeconds')).toBe('2026年12月2日 22:06:09');
    expect(formatDate(d, 'zh-CN', 'dayTime')).toBe('12月2日 22:06');
  });

  it('writes English dates with a short month name, 24-hour', () => {
    expect(formatDate(d, 'en', 'date')).toBe('Dec 2, 2026');
    expect(formatDate(d, 'en', 'dateTime')).toBe('Dec 2, 2026, 22:06');
  });

  it('crosses midnight in Beijing, not in UTC', () => {
    expect(formatDate(new Date('2026-12-02T16:30:00Z'), 'zh-CN', 'date')).toBe('2026年12月3日');
    expect(formatShanghai(new Date('2026-12-02T16:30:00Z'), 'zh-CN', false)).toBe('2026年12月3日');
  });
});
