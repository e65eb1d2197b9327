import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../lib/server/db/migrate';
import { dumpPglite, openPglite } from '../../lib/server/db/pglite';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Starting PGlite runs initdb (seconds on this machine). Build one migrated database per run and
 * let each test file load a copy of it; the copy is built from the same migrations, so nothing
 * is skipped — only repeated.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civ-pglite-'));
  const db = await openPglite();
  await migrate(db);
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await (await dumpPglite(db)).arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
