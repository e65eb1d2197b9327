// ESLint 9 flat config: the Next.js rules (core web vitals + typescript-eslint) plus the layer rules
// that keep the architecture from eroding. Layers (docs/decisions/031-enforced-layers.md):
//   lib/domain, lib/schemas, lib/identity, lib/i18n (universal) ← lib/server (server-only) ← app
//   components ← app; components never import app/; client code never imports lib/server.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import layers from './scripts/eslint/layers.mjs';

const SERVER = {
  group: ['@/lib/server', '@/lib/server/**', 'server-only', 'next/headers'],
  message: 'server-only code: pass data in as props (types may be imported with `import type`).',
};
const SERVER_ALL = {
  group: ['@/lib/server', '@/lib/server/**', 'server-only', 'next/headers'],
  message: 'universal code imports nothing server-side, not even types.',
};
const APP = { group: ['@/app', '@/app/**'], message: 'components do not import from app/: take server actions and data as props.' };
const INTERNAL = {
  group: ['@/lib/server/*/internal', '@/lib/server/*/internal/**'],
  message: 'internal/ holds transaction helpers (they take a tx): call a verb instead.',
};
const COMPONENTS = { group: ['@/components', '@/components/**'], message: 'lib/ does not import UI.' };
const REACT = { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'next', 'next/*'], message: 'lib/domain is framework-free.' };
const DOMAIN_HELPERS = {
  group: ['@/components/*/format', '@/components/*/filters', '@/components/*/compare-rows', '@/components/*/client-messages'],
  message: 'domain helpers and types live in lib/domain (or next to their verb), not in components/.',
};

const restrict = (...patterns) => ['error', { patterns }];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    'node_modules/**',
    '.next/**',
    '.data/**',
    '.data-*/**',
    'test-results/**',
    'playwright-report/**',
    'coverage/**',
    'next-env.d.ts',
    'public/**',
  ]),
  {
    plugins: { layers },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unused-expressions': 'error',
      // a 'use client' module (anywhere) must not pull server code into the browser bundle
      'layers/no-server-in-client': 'error',
    },
  },
  {
    files: ['lib/server/**/*.ts'],
    rules: { 'layers/server-only-first': 'error', '@typescript-eslint/no-restricted-imports': restrict(APP, COMPONENTS) },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({ ...SERVER, allowTypeImports: true }, { ...APP }, { ...INTERNAL }),
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(INTERNAL, DOMAIN_HELPERS) },
  },
  {
    files: ['lib/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(SERVER_ALL, APP, COMPONENTS, REACT, {
        group: ['@/lib/client', '@/lib/client/**'],
        message: 'lib/domain is universal.',
      }),
    },
  },
  {
    files: ['lib/schemas/**/*.ts', 'lib/identity/**/*.ts', 'lib/i18n/**/*.ts', 'lib/client/**/*.ts'],
    ignores: ['lib/i18n/server.ts', 'lib/i18n/client-messages.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(SERVER_ALL, APP, COMPONENTS) },
  },
  {
    // tests and scripts drive the server directly; Node globals, no React rules needed
    files: ['tests/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs}', '*.config.{ts,mjs,js}'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
]);
