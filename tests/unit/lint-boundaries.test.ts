import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer rules (eslint.config.mjs, decision 031) run through ESLint's Node API on fixture
// sources given virtual paths inside the repo, so the repository's own config decides — the same
// config `npm run lint` uses in CI.
const root = path.resolve(import.meta.dirname, '../..');
let eslint: ESLint;

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

const clientImportingServer = `'use client';
import { getAccess } from '@/lib/server/auth/session';

export function Fixture() {
  void getAccess;
  return null;
}
`;

describe('layer rules', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: root });
  }, 60_000);

  it("a 'use client' component importing lib/server fails", async () => {
    const errors = await lint('components/fixture/client-fixture.tsx', clientImportingServer);
    expect(errors.map((e) => e.rule)).toEqual(expect.arrayContaining(['layers/no-server-in-client', '@typescript-eslint/no-restricted-imports']));
  }, 60_000);

  it("a 'use client' module under app/ importing lib/server fails too (directive, not folder)", async () => {
    const errors = await lint('app/staff/fixture/client-fixture.tsx', clientImportingServer);
    expect(errors.map((e) => e.rule)).toContain('layers/no-server-in-client');
  }, 60_000);

  it('a client component may import a type from lib/server (erased at build)', async () => {
    const code = `'use client';\nimport type { QueueItem } from '@/lib/server/reviews/list-queue';\n\nexport function Fixture({ item }: { item: QueueItem }) {\n  return <p>{item.id}</p>;\n}\n`;
    expect(await lint('components/fixture/typed-fixture.tsx', code)).toEqual([]);
  }, 60_000);

  it('components do not import from app/', async () => {
    const code = `import { signOutAction } from '@/app/_actions/session';\n\nexport const a = signOutAction;\n`;
    const errors = await lint('components/fixture/app-fixture.tsx', code);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/components do not import from app/);
  }, 60_000);

  it('app/ and components/ do not import a domain internal/ helper', async () => {
    const code = `import { helper } from '@/lib/server/cases/internal/helper';\n\nexport const a = helper;\n`;
    for (const file of ['app/staff/fixture/page.tsx', 'components/fixture/internal-fixture.tsx']) {
      const errors = await lint(file, code);
      expect(errors.map((e) => e.message).join('\n')).toMatch(/internal\/ holds transaction helpers/);
    }
  }, 60_000);

  it('app/ does not import components/*/format-style domain helpers', async () => {
    const code = `import { formatShanghai } from '@/components/campaigns/format';\n\nexport const a = formatShanghai;\n`;
    const errors = await lint('app/staff/fixture/page.tsx', code);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/domain helpers and types live in lib\/domain/);
  }, 60_000);

  it('lib/domain imports nothing server-side or from React', async () => {
    const code = `import type { Access } from '@/lib/server/auth/access';\nimport { useState } from 'react';\n\nexport type A = Access;\nexport const s = useState;\n`;
    const errors = await lint('lib/domain/fixture.ts', code);
    expect(errors.filter((e) => e.rule === '@typescript-eslint/no-restricted-imports')).toHaveLength(2);
  }, 60_000);

  it("a lib/server module without import 'server-only' fails", async () => {
    const errors = await lint('lib/server/fixture/verb.ts', `export const x = 1;\n`);
    expect(errors.map((e) => e.rule)).toContain('layers/server-only-first');
  }, 60_000);
});
