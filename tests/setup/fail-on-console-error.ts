import { afterEach, vi } from 'vitest';

// An unexpected console.error is a bug the test did not look for: fail loudly instead of
// scrolling past. A test that expects one spies on console.error itself.
let errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};

afterEach(() => {
  const seen = errors;
  errors = [];
  vi.restoreAllMocks();
  if (seen.length) throw new Error(`console.error was called:\n${seen.map((a) => a.map(String).join(' ')).join('\n')}`);
});

// Verbs read the environment (encryption keys); on the embedded default that generates
// development secrets into DATA_DIR. Keep them out of the working tree.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
process.env.DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'civ-test-data-'));
