import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess } from '../../lib/server/auth/access';
import { authenticateApiClient } from '../../lib/server/auth/api-client';
import { getCipher } from '../../lib/server/crypto';
import { withRls, type Ctx } from '../../lib/server/db/rls';
import { insertVerifiedVersion, seedActor } from '../../lib/server/db/seed-sharing';
import { createApiClient } from '../../lib/server/sharing/create-api-client';
import { getSharedStudent } from '../../lib/server/sharing/get-student';
import { revokeApiClient } from '../../lib/server/sharing/revoke-api-client';
import { syncStudents } from '../../lib/server/sharing/sync-students';
import { hashToken } from '../../lib/server/sharing/internal/token';
import { freshDb, type TestDb } from '../helpers/db';
import { makeOfficeWithGrant, makeVerifiedStudent } from '../helpers/sharing';
import { makeDepartment, makeIdNumber, makeStaff, makeStudent } from '../factories';

const engine = process.env.TEST_PG_URL ? 'postgres' : 'pglite';
let t: TestDb;
let dept: { id: string };
let finance: { id: string; code: string }, logistics: { id: string; code: string };
let admin: { id: string; ctx: Ctx };
let tokenF: string, tokenL: string, clientF: string;
const students: Awaited<ReturnType<typeof makeVerifiedStudent>>[] = [];
let seedBy: string;
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

async function ctxFor(token: string): Promise<Ctx> {
  return authenticateApiClient(`Bearer ${token}`, { ip: '127.0.0.1', userAgent: 'vitest' });
}

/** A full sync from `cursor` (or from scratch), returning every item in order and the final cursor. */
async function fullSync(ctx: Ctx, opts: { limit?: number; cursor?: string; changed_since?: string; between?: (page: number) => Promise<void> } = {}) {
  const items: { id: string; removed?: boolean; version_id?: string; fields?: Record<string, unknown> }[] = [];
  let cursor = opts.cursor;
  for (let page = 0; page < 10_000; page++) {
    const r = await syncStudents({ ctx, input: { limit: opts.limit ?? 7, cursor, changed_since: page === 0 ? opts.changed_since : undefined } });
    items.push(...(r.data as typeof items));
    cursor = r.next_cursor;
    if (!r.has_more) return { items, cursor };
    await opts.between?.(page);
  }
  throw new Error('sync did not end');
}

beforeAll(async () => {
  t = await freshDb();
  dept = await makeDepartment(t.db);
  finance = await makeOfficeWithGrant(t.db, ['student_number', 'name', 'id_number']);
  logistics = await makeOfficeWithGrant(t.db, ['student_number', 'phone']);
  admin = await makeStaff(t.db, 'admin');
  const a = await loadAccess(admin.ctx);
  const cf = await createApiClient({ access: a, input: { officeId: finance.id, name: 'finance ERP', expiresInDays: 30 } });
  tokenF = cf.token;
  clientF = cf.clientId;
  tokenL = (await createApiClient({ access: a, input: { officeId: logistics.id, name: 'dorms', expiresInDays: 30 } })).token;
  seedBy = await seedActor(t.db);
  for (let i = 0; i < 20; i++) students.push(await makeVerifiedStudent(t.db, dept.id, { name: `学生${i}` }));
  // Roster rows that were never verified: never in any sync.
  await makeStudent(t.db, dept.id);
  const u = await makeStudent(t.db, dept.id);
  await t.db.query('insert into public.identity_records (student_id) values ($1)', [u.id]);
});
afterAll(async () => t?.cleanup());

describe(`API v1 on ${engine}`, () => {
  it('stores only the token hash and shows the token once', async () => {
    const rows = await t.db.query<{ token_hash: string; token_prefix: string }>('select token_hash, token_prefix from public.api_clients where id = $1', [
      clientF,
    ]);
    expect(rows[0]!.token_hash).toBe(hashToken(tokenF));
    expect(rows[0]!.token_hash).not.toContain(tokenF);
    expect(tokenF.startsWith(rows[0]!.token_prefix)).toBe(true);
  });

  it('a token reads only verified students and only granted fields', async () => {
    const { items } = await fullSync(await ctxFor(tokenF));
    expect(items.map((i) => i.id).sort()).toEqual(students.map((s) => s.id).sort());
    for (const i of items) expect(Object.keys(i.fields!).sort()).toEqual(['id_number', 'name', 'student_number']);
    const one = items.find((i) => i.id === students[0]!.id)!;
    expect(one.fields!.id_number).toMatch(/\*/);
    const l = await fullSync(await ctxFor(tokenL));
    for (const i of l.items) expect(Object.keys(i.fields!).sort()).toEqual(['phone', 'student_number']);
    const got = await getSharedStudent({ ctx: await ctxFor(tokenL), input: { id: students[1]!.id } });
    expect(Object.keys(got.fields).sort()).toEqual(['phone', 'student_number']);
  });

  it('changed_since returns only what changed, still with granted fields only', async () => {
    await new Promise((r) => setTimeout(r, 20));
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    for (const s of students.slice(0, 2)) {
      await insertVerifiedVersion(t.db, getCipher(), seedBy, s.recordId, s.id, { legalName: `${s.id.slice(0, 4)}改`, idNumber: makeIdNumber() });
    }
    const { items } = await fullSync(await ctxFor(tokenF), { changed_since: since });
    expect(items.map((i) => i.id).sort()).toEqual(
      students
        .slice(0, 2)
        .map((s) => s.id)
        .sort(),
    );
    for (const i of items) expect(Object.keys(i.fields!).sort()).toEqual(['id_number', 'name', 'student_number']);
    expect(items.every((i) => String(i.fields!.name).endsWith('改'))).toBe(true);
  });

  it('an incremental sync from the last cursor sees exactly the changes since', async () => {
    const first = await fullSync(await ctxFor(tokenF));
    await insertVerifiedVersion(t.db, getCipher(), seedBy, students[5]!.recordId, students[5]!.id, { legalName: '新名字', idNumber: makeIdNumber() });
    const next = await fullSync(await ctxFor(tokenF), { cursor: first.cursor });
    expect(next.items.map((i) => i.id)).toEqual([students[5]!.id]);
    const again = await fullSync(await ctxFor(tokenF), { cursor: next.cursor });
    expect(again.items).toEqual([]);
  });

  it("one office cannot read another office's data, even with forged claims", async () => {
    const f = await ctxFor(tokenF);
    const forged: Ctx = { ...f, actor: { kind: 'api_client', clientId: clientF, officeId: logistics.id } };
    expect(await codeOf(syncStudents({ ctx: forged, input: {} }))).toBe('forbidden');
    expect(await withRls(forged, (tx) => tx.query('select * from public.office_students'))).toHaveLength(0);
    expect(await withRls(f, (tx) => tx.query('select * from public.office_students where office_id = $1', [logistics.id]))).toHaveLength(0);
    // The views directly in SQL as the client: own office, granted columns only.
    const rows = await withRls(f, (tx) => tx.query<Record<string, unknown>>('select * from public.office_students'));
    expect(rows.length).toBe(students.length);
    for (const r of rows) {
      expect(r.office_id).toBe(finance.id);
      expect(r.phone).toBeNull();
      expect(r.id_number_enc).toBeNull();
    }
  });

  it('a revoked or expired token is refused', async () => {
    const a = await loadAccess(admin.ctx);
    const c = await createApiClient({ access: a, input: { officeId: finance.id, name: 'temp', expiresInDays: 1 } });
    const ctx = await ctxFor(c.token);
    expect((await syncStudents({ ctx, input: { limit: 1 } })).data).toHaveLength(1);
    await revokeApiClient({ access: a, input: { clientId: c.clientId } });
    expect(await codeOf(ctxFor(c.token))).toBe('unauthenticated');
    // A ctx minted before the revocation is worthless too: the database re-checks the client.
    expect(await codeOf(syncStudents({ ctx, input: {} }))).toBe('forbidden');
    const expired = 'civ_' + 'e'.repeat(43);
    await t.db.query(
      `insert into public.api_clients (office_id, name, token_hash, token_prefix, created_by, expires_at) values ($1, 'old', $2, 'civ_eeee', $3, now() - interval '1 second')`,
      [finance.id, hashToken(expired), admin.id],
    );
    expect(await codeOf(ctxFor(expired))).toBe('unauthenticated');
    expect(await codeOf(ctxFor('civ_' + 'x'.repeat(43)))).toBe('unauthenticated');
    expect(await codeOf(ctxFor('nonsense'))).toBe('unauthenticated');
  });

  it('every API call writes an audit event naming the office, client, fields and count', async () => {
    const ctx = await ctxFor(tokenF);
    const before = await t.db.query<{ n: number }>(`select count(*)::int as n from public.audit_events where details->>'api_client_id' = $1`, [clientF]);
    await syncStudents({ ctx, input: { limit: 3 } });
    await getSharedStudent({ ctx, input: { id: students[2]!.id } });
    await codeOf(getSharedStudent({ ctx, input: { id: '00000000-0000-4000-8000-000000000000' } }));
    const rows = await t.db.query<{ action: string; actor_role: string; details: { office_id: string; fields: string[]; count: number } }>(
      `select action, actor_role, details from public.audit_events where details->>'api_client_id' = $1 order by id`,
      [clientF],
    );
    expect(rows.length - before[0]!.n).toBe(3);
    const last3 = rows.slice(-3);
    expect(last3.map((r) => r.action)).toEqual(['api.students_list', 'api.student_get', 'api.student_get']);
    expect(last3.map((r) => r.details.count)).toEqual([3, 1, 0]);
    for (const r of last3) {
      expect(r.actor_role).toBe('api_client');
      expect(r.details.office_id).toBe(finance.id);
      expect(r.details.fields).toEqual(['student_number', 'name', 'id_number']);
    }
  });

  it('a sync while records change sees every record exactly once (changes between pages)', async () => {
    const ctx = await ctxFor(tokenF);
    const newcomers: string[] = [];
    const { items, cursor } = await fullSync(ctx, {
      limit: 3,
      between: async (page) => {
        // Change a record already handed out, one not reached yet, and verify a new one.
        const s = students[(page * 7) % students.length]!;
        await insertVerifiedVersion(t.db, getCipher(), seedBy, s.recordId, s.id, { legalName: `变更${page}`, idNumber: makeIdNumber() });
        if (page % 2 === 0) newcomers.push((await makeVerifiedStudent(t.db, dept.id)).id);
      },
    });
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of students) expect(ids).toContain(s.id);
    // What changed during the sync arrives in the next one; nothing is lost between syncs.
    const after = await fullSync(ctx, { cursor });
    expect(new Set([...ids, ...after.items.map((i) => i.id)])).toEqual(new Set([...students.map((s) => s.id), ...newcomers]));
    const latest = await t.db.query<{ student_id: string; verified_version_id: string }>(
      'select student_id, verified_version_id from public.identity_records where verified_version_id is not null',
    );
    const finalVersion = new Map<string, string>();
    for (const i of [...items, ...after.items]) finalVersion.set(i.id, i.version_id!);
    for (const r of latest) expect(finalVersion.get(r.student_id)).toBe(r.verified_version_id);
  });

  it.runIf(engine === 'postgres')(
    'a sync running concurrently with committing transactions sees every record exactly once',
    async () => {
      const ctx = await ctxFor(tokenF);
      let stop = false;
      const made: string[] = [];
      // Writers: short transactions, plus one that holds its event uncommitted while later ones commit
      // (its sequence value is lower than theirs: the case that breaks a seq-only cursor).
      // The two writers touch disjoint students: the test's version helper is not itself a
      // race-safe verb, and two new versions of one record at once would collide on its seq.
      const half = Math.floor(students.length / 2);
      const writer = (async () => {
        let i = 0;
        while (!stop) {
          const s = students[i++ % half]!;
          if (i % 5 === 0) {
            await t.db.transaction(async (tx) => {
              await insertVerifiedVersion(tx, getCipher(), seedBy, s.recordId, s.id, { legalName: `慢${i}`, idNumber: makeIdNumber() });
              await new Promise((r) => setTimeout(r, 60));
            });
          } else {
            await insertVerifiedVersion(t.db, getCipher(), seedBy, s.recordId, s.id, { legalName: `快${i}`, idNumber: makeIdNumber() });
          }
          if (i % 3 === 0) made.push((await makeVerifiedStudent(t.db, dept.id)).id);
        }
      })();
      const slowWriter = (async () => {
        while (!stop) {
          await t.db.transaction(async (tx) => {
            const s = students[half + Math.floor(Math.random() * (students.length - half))]!;
            await insertVerifiedVersion(tx, getCipher(), seedBy, s.recordId, s.id, { legalName: '长事务', idNumber: makeIdNumber() });
            await new Promise((r) => setTimeout(r, 150));
          });
        }
      })();
      const syncs: { items: { id: string; version_id?: string }[]; cursor: string }[] = [];
      let cursor: string | undefined;
      for (let round = 0; round < 4; round++) {
        const r = await fullSync(ctx, { limit: 4, cursor, between: () => new Promise((res) => setTimeout(res, 5)) });
        syncs.push(r);
        cursor = r.cursor;
        const ids = r.items.map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
      }
      stop = true;
      await Promise.all([writer, slowWriter]);
      expect(syncs[0]!.items.map((i) => i.id).sort()).toEqual(expect.arrayContaining(students.map((s) => s.id)));
      // Drain after the writers stopped: the union of all syncs is every record, each at its final version.
      const final = await fullSync(ctx, { cursor });
      const last = new Map<string, string>();
      for (const s of [...syncs, final]) for (const i of s.items) last.set(i.id, i.version_id!);
      const latest = await t.db.query<{ student_id: string; verified_version_id: string }>(
        'select student_id, verified_version_id from public.identity_records where verified_version_id is not null',
      );
      expect(latest.length).toBe(last.size);
      for (const r of latest) expect(last.get(r.student_id)).toBe(r.verified_version_id);
      expect(made.length).toBeGreaterThan(0);
    },
    60_000,
  );

  it('rejects a malformed cursor or limit with invalid_input', async () => {
    const ctx = await ctxFor(tokenF);
    expect(await codeOf(syncStudents({ ctx, input: { cursor: 'garbage' } }))).toBe('invalid_input');
    expect(await codeOf(syncStudents({ ctx, input: { limit: 5000 } }))).toBe('invalid_input');
    expect(await codeOf(getSharedStudent({ ctx, input: { id: 'not-a-uuid' } }))).toBe('invalid_input');
  });
});
