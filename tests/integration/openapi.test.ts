import { expect, it } from 'vitest';
import { openApiDocument } from '../../lib/server/api-v1/openapi';
import { renderDocs } from '../../lib/server/api-v1/render-docs';

type Json = Record<string, unknown>;

/** Every $ref in the document must resolve inside it. */
function refs(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) x.forEach((v) => refs(v, out));
  else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}
function resolve(doc: Json, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((o, k) => (o as Json | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

it('is an OpenAPI 3.1 document with every route and resolvable components', () => {
  const doc = openApiDocument() as unknown as Json;
  expect(String(doc.openapi)).toMatch(/^3\.1\.\d+$/);
  expect((doc.info as Json).title).toBeTruthy();
  expect((doc.info as Json).version).toBeTruthy();
  const paths = doc.paths as Record<string, Record<string, Json>>;
  expect(Object.keys(paths).sort()).toEqual(['/students', '/students/{id}']);
  for (const [p, methods] of Object.entries(paths)) {
    for (const [m, op] of Object.entries(methods)) {
      expect(['get', 'post', 'put', 'patch', 'delete']).toContain(m);
      expect(op.operationId, `${m} ${p}`).toBeTruthy();
      const responses = op.responses as Record<string, Json>;
      expect(responses['200']).toBeDefined();
      for (const [code, r] of Object.entries(responses)) {
        expect(code).toMatch(/^[1-5]\d\d$/);
        expect(r.description).toBeTruthy();
        if (code !== '200') expect(Object.keys(r.content as Json)).toEqual(['application/problem+json']);
      }
      for (const prm of (op.parameters ?? []) as Json[]) {
        expect(['query', 'path', 'header', 'cookie']).toContain(prm.in);
        if (prm.in === 'path') expect(prm.required).toBe(true);
      }
    }
  }
  const all = refs(doc);
  expect(all.length).toBeGreaterThan(3);
  for (const r of all) {
    expect(r.startsWith('#/components/')).toBe(true);
    expect(resolve(doc, r), r).toBeTruthy();
  }
  const schemas = (doc.components as Json).schemas as Json;
  for (const name of ['Student', 'StudentPage', 'Problem', 'StudentFields']) expect(schemas[name], name).toBeDefined();
  expect(((doc.components as Json).securitySchemes as Json).bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  // The query parameters come from the same zod schema the route parses with.
  const listParams = (paths['/students']!.get!.parameters as Json[]).map((p) => p.name).sort();
  expect(listParams).toEqual(['changed_since', 'cursor', 'limit']);
});

it('renders a readable reference page without external assets', () => {
  const html = renderDocs(openApiDocument() as unknown as Json);
  expect(html).toContain('/api/v1/students/{id}');
  expect(html).toContain('id="schema-StudentPage"');
  expect(html).toContain('id="problem-unauthenticated"');
  expect(html).not.toMatch(/<script|https?:\/\/(?!localhost)[^"]*\.(js|css)/);
});
