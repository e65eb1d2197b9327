import { describe, expect, it } from 'vitest';
import { lateness, waitedAtLeastCutoff, workingDaysWaited } from '../../lib/server/reviews/working-days';

// Instants written in Beijing time (UTC+8), which is what working days are counted in.
const cn = (s: string) => new Date(`${s}+08:00`);

describe('working days waited (Mon–Fri, China time)', () => {
  it.each([
    ['2026-11-23T10:00:00', '2026-11-23T18:00:00', 0], // Monday, same day
    ['2026-11-23T10:00:00', '2026-11-24T09:00:00', 1], // Monday -> Tuesday
    ['2026-11-27T17:00:00', '2026-11-30T09:00:00', 1], // Friday -> Monday
    ['2026-11-28T10:00:00', '2026-11-30T09:00:00', 1], // Saturday -> Monday
    ['2026-11-28T10:00:00', '2026-11-29T20:00:00', 0], // Saturday -> Sunday
    ['2026-11-23T10:00:00', '2026-12-07T10:00:00', 10], // two weeks
    ['2026-11-23T23:30:00', '2026-11-24T00:30:00', 1], // midnight in Beijing, 16:00 UTC
  ])('%s -> %s: %i', (from, to, n) => {
    expect(workingDaysWaited(cn(from), cn(to))).toBe(n);
  });

  it('grades lateness against the target', () => {
    expect([2, 3, 4].map((w) => lateness(w, 3))).toEqual(['ok', 'due', 'overdue']);
  });

  it('turns "waited at least N days" into a timestamp bound that agrees with workingDaysWaited', () => {
    const now = cn('2026-12-02T11:00:00'); // Wednesday
    expect(waitedAtLeastCutoff(now, 0)).toBeNull();
    for (const n of [1, 2, 3, 4, 6, 11]) {
      const cutoff = waitedAtLeastCutoff(now, n)!;
      expect(workingDaysWaited(new Date(cutoff.getTime() - 1), now), `n=${n} just before`).toBeGreaterThanOrEqual(n);
      expect(workingDaysWaited(cutoff, now), `n=${n} at`).toBeLessThan(n);
    }
    // By Wednesday, anything submitted up to Sunday has waited Monday, Tuesday and Wednesday.
    expect(waitedAtLeastCutoff(now, 3)!.toISOString()).toBe(cn('2026-11-30T00:00:00').toISOString());
    expect(waitedAtLeastCutoff(now, 4)!.toISOString()).toBe(cn('2026-11-27T00:00:00').toISOString());
  });
});
