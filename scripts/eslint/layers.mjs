// Two layer rules no-restricted-imports cannot express, because they depend on the file's content
// rather than its path (docs/decisions/031-enforced-layers.md).
import path from 'node:path';

const SERVER_SPECIFIERS = [/^@\/lib\/server(\/|$)/, /^server-only$/, /^next\/headers$/];

function isServerSpecifier(spec, filename) {
  if (SERVER_SPECIFIERS.some((re) => re.test(spec))) return true;
  if (spec.startsWith('.')) {
    const resolved = path.resolve(path.dirname(filename), spec).split(path.sep).join('/');
    return /\/lib\/server(\/|$)/.test(resolved);
  }
  return false;
}

function hasDirective(program, directive) {
  for (const stmt of program.body) {
    if (stmt.type !== 'ExpressionStatement' || typeof stmt.directive !== 'string') break;
    if (stmt.directive === directive) return true;
  }
  return false;
}

/** A 'use client' module ships to the browser: no server code, not even a type pulled at runtime. */
const noServerInClient = {
  meta: {
    type: 'problem',
    docs: { description: "'use client' modules must not import lib/server, server-only or next/headers" },
    messages: { server: "'use client' module imports server code '{{spec}}': pass the data in as props or move the helper to lib/domain." },
    schema: [],
  },
  create(context) {
    let client = false;
    const check = (node, spec, typeOnly) => {
      if (client && !typeOnly && typeof spec === 'string' && isServerSpecifier(spec, context.filename)) {
        context.report({ node, messageId: 'server', data: { spec } });
      }
    };
    return {
      Program(node) {
        client = hasDirective(node, 'use client');
      },
      ImportDeclaration(node) {
        const typeOnly = node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        check(node, node.source.value, typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value, false);
      },
    };
  },
};

/** Every lib/server module declares itself server-only, so a stray client import fails the build too. */
const serverOnlyFirst = {
  meta: {
    type: 'problem',
    docs: { description: "lib/server modules import 'server-only'" },
    messages: { missing: "lib/server module without `import 'server-only'`." },
    schema: [],
  },
  create(context) {
    return {
      Program(node) {
        const ok = node.body.some((s) => s.type === 'ImportDeclaration' && s.source.value === 'server-only');
        if (!ok) context.report({ node, messageId: 'missing' });
      },
    };
  },
};

const plugin = {
  meta: { name: 'campus-layers', version: '1.0.0' },
  rules: { 'no-server-in-client': noServerInClient, 'server-only-first': serverOnlyFirst },
};

export default plugin;
