import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// The routes call limit(kind, key) from lib/server/ratelimit once per request (lib/server/http).
const limiter = vi.hoisted(() => ({ fn: async (_kind: string, _key: string): Promise<void> => undefined }));
vi.mock('../../lib/server/ratelimit', () => ({ limit: (kind: string, key: string) => limiter.fn(kind, key) }));
const setApiLimiter = (fn: (key: string) => Promise<void>) => {
  limiter.fn = async (_kind, key) => fn(key);
};
import { GET as listRoute } from '../../app/api/v1/students/route';
import { GET as getRoute } from '../../app/api/v1/students/[id]/route';
import { loadAccess } from '../../lib/server/auth/access';
import { createApiClient } from '../../lib/server/sharing/create-api-client';
import { freshDb, type TestDb } from '../helpers/db';
import { makeOfficeWithGrant, makeVerifiedStudent } from '../helpers/sharing';
import { makeDepartment, makeStaff } from '../factories';

/** The route handlers as HTTP: bearer auth, JSON, RFC 9457 problems, the 429 mapping. */
let t: TestDb;
let token: string;
let sid: string;
const req = (path: string, auth?: string) => new Request(`http://localhost${path}`, { headers: auth ? { authorization: auth } : {} });
const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };

beforeAll(async () => {
  t = await freshDb();
  const dept = await makeDepartment(t.db);
  const office = await makeOfficeWithGrant(t.db, ['student_number', 'name']);
  const admin = await makeStaff(t.db, 'admin');
  token = (await createApiClient({ access: await loadAccess(admin.ctx), input: { officeId: office.id, name: 'erp' } })).token;
  sid = (await makeVerifiedStudent(t.db, dept.id)).id;
});
afterAll(async () => {
  setApiLimiter(async () => {});
  await t?.cleanup();
});

it('answers 401 problem+json without a valid token', async () => {
  for (const auth of [undefined, 'Bearer nope', `Basic ${token}`]) {
    const r = await listRoute(req('/api/v1/students', auth), noParams);
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = await r.json();
    expect(body).toMatchObject({ status: 401, type: '/api/v1/docs#problem-unauthenticated', instance: '/api/v1/students' });
  }
});

it('lists and fetches with granted fields; bad input is a 400 problem; unknown id a 404 problem', async () => {
  const r = await listRoute(req('/api/v1/students?limit=10', `Bearer ${token}`), noParams);
  expect(r.status).toBe(200);
  const page = await r.json();
  expect(page.data).toHaveLength(1);
  expect(Object.keys(page.data[0].fields).sort()).toEqual(['name', 'student_number']);
  const one = await getRoute(req(`/api/v1/students/${sid}`, `Bearer ${token}`), { params: Promise.resolve({ id: sid }) });
  expect((await one.json()).id).toBe(sid);
  const bad = await listRoute(req('/api/v1/students?limit=0', `Bearer ${token}`), noParams);
  expect(bad.status).toBe(400);
  expect((await bad.json()).errors).toHaveProperty('limit');
  const missing = await getRoute(req('/api/v1/students/x', `Bearer ${token}`), { params: Promise.resolve({ id: '00000000-0000-4000-8000-000000000000' }) });
  expect(missing.status).toBe(404);
  expect(missing.headers.get('content-type')).toBe('application/problem+json');
});

it('maps a rate limiter refusal to 429 with Retry-After', async () => {
  const keys: string[] = [];
  setApiLimiter(async (key) => {
    keys.push(key);
    throw Object.assign(new Error('limited'), { msBeforeNext: 2500 });
  });
  const r = await listRoute(req('/api/v1/students', `Bearer ${token}`), noParams);
  expect(r.status).toBe(429);
  expect(r.headers.get('retry-after')).toBe('3');
  expect((await r.json()).status).toBe(429);
  // One call per request, keyed by the API client (not the IP, not the token).
  expect(keys).toEqual([expect.stringMatching(/^client:[0-9a-f-]{36}$/)]);
  setApiLimiter(async () => {});
});
