import 'server-only';
import { tasks, type TaskName } from './tasks';
import type { TaskHandler } from './types';

const loaded = new Map<string, Promise<TaskHandler>>();

/** The handler of a registered task, imported on first use. */
export function loadTask(name: string): Promise<TaskHandler> | null {
  const mod = (tasks as Record<string, () => Promise<{ default: TaskHandler }>>)[name];
  if (!mod) return null;
  let p = loaded.get(name);
  if (!p) {
    p = mod().then((m) => m.default);
    loaded.set(name, p);
  }
  return p;
}

export function isTask(name: string): name is TaskName {
  return Object.prototype.hasOwnProperty.call(tasks, name);
}
