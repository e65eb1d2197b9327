import { describe, expect, it } from 'vitest';
import { schedules } from '../../lib/server/jobs/schedules';
import { taskNames, tasks } from '../../lib/server/jobs/tasks';

describe('job registry', () => {
  it('every registered task module exports a handler', async () => {
    for (const name of taskNames) {
      const mod = await tasks[name]();
      expect(typeof mod.default, name).toBe('function');
    }
  });
  it('every schedule names a registered task, with unique identifiers', () => {
    for (const s of schedules) expect(taskNames).toContain(s.task);
    expect(new Set(schedules.map((s) => s.identifier)).size).toBe(schedules.length);
    expect(schedules.map((s) => s.task)).toEqual(expect.arrayContaining(['notify.scheduled_reminders', 'metrics.refresh', 'archive.retention']));
  });
});
