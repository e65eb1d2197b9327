import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../lib/server/archive/verify-audit';
import { withRls } from '../../lib/server/db/rls';
import { freshDb, type TestDb } from '../helpers/db';
import { makeStaff } from '../factories';

let t: TestDb;
let admin: Awaited<ReturnType<typeof makeStaff>>;
const engine = process.env.TEST_PG_URL ? 'PostgreSQL' : 'PGlite';

const writeEvents = (n: number) =>
  withRls(admin.ctx, async (tx) => {
    for (let i = 0; i < n; i++) {
      await tx.query(`select app.write_audit('test.chain', 'test', $1, 'admin', $2::text::jsonb, '10.0.0.1', 'vitest')`, [
        String(i),
        JSON.stringify({ i, note: '审计' }),
      ]);
    }
  });

beforeAll(async () => {
  t = await freshDb();
  admin = await makeStaff(t.db, 'admin');
  for (let k = 0; k < 12; k++) await writeEvents(3);
});
afterAll(async () => t?.cleanup());

describe(`tamper-evident audit on ${engine}`, () => {
  it('chains every event: one stream per transaction, contiguous sequence, verify passes', async () => {
    const rows = await t.db.query<{ stream: number; n: string }>(
      `select stream, count(*)::text as n from public.audit_events where action = 'test.chain' group by stream`,
    );
    expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBe(36);
    const perTx = await t.db.query<{ streams: string }>(
      `select count(distinct stream)::text as streams from public.audit_events where action = 'test.chain' group by xmin::text`,
    );
    for (const r of perTx) expect(r.streams).toBe('1');
    const r = await verifyAuditChain(t.db);
    expect(r).toMatchObject({ ok: true, breaks: [] });
    expect(r.rows).toBeGreaterThanOrEqual(36);
  });

  it('verifies a stream of more than nine events, also read in small batches (sequence numbers compared as numbers)', async () => {
    await writeEvents(12);
    const [longest] = await t.db.query<{ n: number }>(`select max(chain_seq)::int as n from public.audit_events`);
    expect(longest!.n).toBeGreaterThanOrEqual(12);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, breaks: [] });
    expect(await verifyAuditChain(t.db, { batch: 4 })).toMatchObject({ ok: true, breaks: [] });
  });

  it('refuses update and delete of audit rows, for the app role and the owner alike', async () => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? String(e),
      );
    expect(await codeOf(withRls(admin.ctx, (tx) => tx.query(`delete from public.audit_events`)))).toBe('42501');
    expect(await codeOf(t.db.query(`update public.audit_events set action = 'x.y' where id = (select min(id) from public.audit_events)`))).toBe('42501');
    expect(await codeOf(t.db.query(`delete from public.audit_events where id = (select min(id) from public.audit_events)`))).toBe('42501');
    expect(await codeOf(withRls(admin.ctx, (tx) => tx.query(`update public.audit_chain_heads set seq = 0`)))).toBe('42501');
  });

  it('finds one row edited by the database owner with the trigger disabled', async () => {
    const [victim] = await t.db.query<{ id: string; stream: number; chain_seq: string }>(
      `select id::text, stream, chain_seq::text from public.audit_events where action = 'test.chain' order by id offset 17 limit 1`,
    );
    await t.db.transaction(async (tx) => {
      await tx.query('alter table public.audit_events disable trigger audit_events_append_only');
      await tx.query(`update public.audit_events set details = '{"i": 999}'::jsonb where id = $1`, [victim!.id]);
      await tx.query('alter table public.audit_events enable trigger audit_events_append_only');
    });
    const r = await verifyAuditChain(t.db);
    expect(r.ok).toBe(false);
    expect(r.breaks).toHaveLength(1);
    expect(r.firstBreak).toEqual({ stream: victim!.stream, id: Number(victim!.id), chainSeq: Number(victim!.chain_seq), reason: 'hash_mismatch' });
  });

  it('finds a deleted row and a rewritten hash', async () => {
    const [other] = await t.db.query<{ id: string; stream: number }>(
      `select id::text, stream from public.audit_events where action = 'test.chain'
       and stream <> (select stream from public.audit_events where details->>'i' = '999') order by id limit 1`,
    );
    await t.db.transaction(async (tx) => {
      await tx.query('alter table public.audit_events disable trigger audit_events_append_only');
      await tx.query(`delete from public.audit_events where id = $1`, [other!.id]);
      await tx.query('alter table public.audit_events enable trigger audit_events_append_only');
    });
    const r = await verifyAuditChain(t.db);
    expect(r.breaks.map((b) => b.stream)).toContain(other!.stream);
    const b = r.breaks.find((x) => x.stream === other!.stream)!;
    expect(['gap', 'prev_mismatch', 'head_mismatch']).toContain(b.reason);
  });
});
