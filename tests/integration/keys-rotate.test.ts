import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCiphertextsByKey } from '../../lib/server/crypto/count-keys';
import { ENCRYPTED_COLUMNS } from '../../lib/server/crypto/encrypted-columns';
import { FieldCipher } from '../../lib/server/crypto/field';
import { reindexBlind, rotateKeys } from '../../lib/server/crypto/rotate-keys';
import { idNumberAad } from '../../lib/server/identity/record';
import { prepareRegistrar } from '../../lib/server/imports/prepare';
import { webhookSecretAad } from '../../lib/server/webhooks/internal/secret';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeDepartment, makeIdNumber, makeOffice, makeStudent, makeUser } from '../factories';

/**
 * Key rotation (decision 063): every ciphertext ends under the active key, readable with the
 * active key alone, with the same plaintext; an interrupted run resumes. PostgreSQL seeds 50,000
 * versions and finishes through `npm run keys:rotate` (the figures are printed); PGlite a smaller set.
 */
const VERSIONS = testEngine === 'postgres' ? 50_000 : 2_000;
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const blind1 = randomBytes(32);
const blind2 = randomBytes(32);
const oldCipher = new FieldCipher(new Map([['k1', k1]]), 'k1', blind1);
const both = new FieldCipher(
  new Map([
    ['k1', k1],
    ['k2', k2],
  ]),
  'k2',
  blind1,
);
const onlyNew = new FieldCipher(new Map([['k2', k2]]), 'k2', blind2);

let t: TestDb;
const plain = new Map<string, string>(); // "table.column:pk" -> plaintext
let versionIds: string[] = [];
let recordId = '';

const idNo = (i: number) => makeIdNumber('20040506', i % 2 ? 'male' : 'female', `11${String(i % 10_000).padStart(4, '0')}`);

async function seed() {
  const dept = await makeDepartment(t.db);
  const u = await makeUser(t.db);
  const s = await makeStudent(t.db, dept.id, { userId: u.id });
  const [r] = await t.db.query<{ id: string }>(`insert into public.identity_records (student_id, department_id) values ($1, $2) returning id`, [s.id, dept.id]);
  recordId = r!.id;
  // Versions: one record with many versions, written in chunks by one insert … select from unnest.
  versionIds = Array.from({ length: VERSIONS }, () => randomUUID());
  for (let start = 0; start < VERSIONS; start += 10_000) {
    const ids = versionIds.slice(start, start + 10_000);
    const enc: string[] = [];
    const bidx: string[] = [];
    ids.forEach((id, j) => {
      const n = idNo(start + j);
      plain.set(`identity_versions.id_number_enc:${id}`, n);
      enc.push(oldCipher.encrypt(n, idNumberAad.version(id)));
      bidx.push(oldCipher.blindIndex(n, 'id_number'));
    });
    await t.db.query(
      `insert into public.identity_versions (id, record_id, student_id, seq, idempotency_key, source, legal_name, id_type, id_number_enc, id_number_bidx, id_number_mask, submitted_by)
       select u.id, $2, $3, $4 + u.ord, gen_random_uuid(), 'student', '测试', 'cn_resident', u.enc, u.bidx, '****', $5
       from unnest($1::uuid[], $6::text[], $7::text[]) with ordinality as u(id, enc, bidx, ord)`,
      [ids, recordId, s.id, start, u.id, enc, bidx],
    );
  }
  // Drafts, a correction, registrar and admissions rows, a webhook secret pair: every registered column.
  for (let i = 0; i < 3; i++) {
    const st = await makeStudent(t.db, dept.id);
    const [dr] = await t.db.query<{ id: string }>(`insert into public.identity_records (student_id, department_id) values ($1, $2) returning id`, [
      st.id,
      dept.id,
    ]);
    const n = idNo(90_000 + i);
    plain.set(`identity_records.draft_id_number_enc:${dr!.id}`, n);
    await t.db.query(`update public.identity_records set draft_id_number_enc = $2 where id = $1`, [dr!.id, oldCipher.encrypt(n, idNumberAad.draft(dr!.id))]);
  }
  const reqId = randomUUID();
  const corrected = idNo(91_000);
  plain.set(`correction_requests.new_id_number_enc:${reqId}`, corrected);
  await t.db.query(
    `insert into public.correction_requests (id, student_id, record_id, department_id, base_version_id, changes, new_id_number_enc, reason)
     values ($1, $2, $3, $4, $5, '{"idNumber":{"from":"*","to":"*"}}'::jsonb, $6, '证件更换')`,
    [reqId, s.id, recordId, dept.id, versionIds[0], oldCipher.encrypt(corrected, idNumberAad.correction(reqId))],
  );
  for (let i = 0; i < 5; i++) {
    const studentNumber = `R${randomBytes(4).toString('hex')}`;
    const n = idNo(92_000 + i);
    // The importer's own code writes the registrar rows, so the registry's AAD is checked against it.
    const p = prepareRegistrar(oldCipher, {
      studentNumber,
      name: '档案',
      sex: 'male',
      birthDate: '2004-05-06',
      idType: 'cn_resident',
      idNumber: n,
      ethnicity: null,
      departmentId: dept.id,
      major: null,
      cohort: 2024,
      status: 'enrolled',
      className: null,
      email: null,
      phone: null,
    });
    plain.set(`registrar_records.id_number_enc:${studentNumber}`, n);
    await t.db.query(
      `insert into public.registrar_records (student_number, name, id_type, id_number_enc, id_number_bidx, id_number_mask, department_id, cohort, row_hash)
       values ($1, '档案', 'cn_resident', $2, $3, '****', $4, 2024, $5)`,
      [studentNumber, p.id_number_enc, p.id_number_bidx, dept.id, p.row_hash],
    );
    const exam = `E${randomBytes(4).toString('hex')}`;
    plain.set(`admissions_records.id_number_enc:${exam}`, n);
    await t.db.query(
      `insert into public.admissions_records (exam_number, name, id_number_enc, id_number_bidx, id_number_mask, admission_year, row_hash)
       values ($1, '档案', $2, $3, '****', 2024, 'x')`,
      [exam, oldCipher.encrypt(n, `admissions_records.id_number:${exam}`), oldCipher.blindIndex(n, 'id_number')],
    );
  }
  const code = await makeOffice(t.db);
  const [office] = await t.db.query<{ id: string }>('select id from public.offices where code = $1', [code]);
  const hookId = randomUUID();
  plain.set(`webhook_endpoints.secret_enc:${hookId}`, 'whsec_current');
  plain.set(`webhook_endpoints.previous_secret_enc:${hookId}`, 'whsec_previous');
  await t.db.query(
    `insert into public.webhook_endpoints (id, office_id, url, events, secret_enc, previous_secret_enc, created_by)
     values ($1, $2, 'https://hooks.example.edu.cn/x', array['student.verified'], $3, $4, $5)`,
    [hookId, office!.id, oldCipher.encrypt('whsec_current', webhookSecretAad(hookId)), oldCipher.encrypt('whsec_previous', webhookSecretAad(hookId)), u.id],
  );
}

/** Decrypts every registered value with `cipher` and compares it with what was encrypted. */
async function expectAllReadable(cipher: FieldCipher) {
  let checked = 0;
  for (const c of ENCRYPTED_COLUMNS) {
    const rows = await t.db.query<{ pk: string; enc: string }>(
      `select ${c.pk}::text as pk, ${c.column} as enc from public.${c.table} where ${c.column} is not null and ${c.column} <> ''`,
    );
    for (const r of rows) {
      const want = plain.get(`${c.table}.${c.column}:${r.pk}`);
      if (want === undefined) continue; // rows other test helpers made are not ours to check
      expect(cipher.decrypt(r.enc, c.aad(r.pk))).toBe(want);
      checked++;
    }
  }
  expect(checked).toBe(plain.size);
}

beforeAll(async () => {
  t = await freshDb();
  const started = Date.now();
  await seed();
  console.log(`seeded ${VERSIONS} versions (+${plain.size - VERSIONS} other values) on ${testEngine} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 300_000);
afterAll(async () => t?.cleanup());

describe(`keys:rotate on ${testEngine}`, () => {
  it('lists every encrypted column of the schema', async () => {
    const cols = await t.db.query<{ c: string }>(
      `select c.table_name || '.' || c.column_name as c from information_schema.columns c
       join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
       where c.table_schema = 'public' and c.column_name like '%\\_enc' order by 1`,
    );
    expect(cols.map((r) => r.c)).toEqual(ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort());
  });

  it('re-encrypts in batches, resumes after an interruption, and leaves 0 values under the retired key', async () => {
    const before = await countCiphertextsByKey(t.db, 'k2');
    expect(before.retired).toBe(plain.size);
    expect(before.byKey).toEqual({ k1: plain.size });

    // Interrupted after the first committed batch (a crash, a deploy, ^C).
    const batchSize = 1000;
    await expect(
      rotateKeys({
        db: t.db,
        cipher: both,
        activeKeyId: 'k2',
        batchSize,
        onProgress: (p) => {
          if (p.done >= batchSize) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const mid = await countCiphertextsByKey(t.db, 'k2');
    expect(mid.byKey).toEqual({ k1: plain.size - batchSize, k2: batchSize });

    const progress: number[] = [];
    const started = Date.now();
    const r = await rotateKeys({ db: t.db, cipher: both, activeKeyId: 'k2', batchSize, onProgress: (p) => void progress.push(p.done) });
    const seconds = (Date.now() - started) / 1000;
    expect(r.rewritten).toBe(plain.size - batchSize);
    expect(r.perColumn['identity_versions.id_number_enc']).toBe(VERSIONS - batchSize);
    expect(r.perColumn['webhook_endpoints.previous_secret_enc']).toBe(1);
    expect(progress.length).toBeGreaterThanOrEqual(Math.ceil((VERSIONS - batchSize) / batchSize));
    const after = await countCiphertextsByKey(t.db, 'k2');
    expect(after).toMatchObject({ retired: 0, malformed: 0, byKey: { k2: plain.size } });
    // The retired key is no longer needed to read anything, and every plaintext is unchanged.
    await expectAllReadable(new FieldCipher(new Map([['k2', k2]]), 'k2', blind1));
    const [audit] = await t.db.query<{ details: { per_column: Record<string, number> } }>(
      `select details from public.audit_events where action = 'keys.rotate' order by id desc limit 1`,
    );
    expect(audit!.details.per_column['identity_versions.id_number_enc']).toBe(VERSIONS - batchSize);
    console.log(
      `${testEngine}: ${r.rewritten} values re-encrypted in ${seconds.toFixed(2)} s = ${Math.round(r.rewritten / seconds)} records/s; retired-key values left: ${after.retired}`,
    );
    // A second run has nothing to do.
    expect((await rotateKeys({ db: t.db, cipher: both, activeKeyId: 'k2' })).rewritten).toBe(0);
  }, 300_000);

  it('versions refuse any other change, and re-keying outside the rotation job', async () => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? String(e),
      );
    const id = versionIds[1]!;
    const enc = both.encrypt(plain.get(`identity_versions.id_number_enc:${id}`)!, idNumberAad.version(id));
    // Without the job's setting.
    expect(await codeOf(t.db.query(`update public.identity_versions set id_number_enc = $2 where id = $1`, [id, enc]))).toBe('42501');
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`select set_config('app.rekey', 'on', true)`);
        await tx.query(`update public.identity_versions set legal_name = '别人', id_number_enc = $2 where id = $1`, [id, enc]);
      }),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`select set_config('app.rekey', 'on', true)`);
        await tx.query(`set local role authenticated`);
        await tx.query(`update public.identity_versions set id_number_enc = $2 where id = $1`, [id, enc]);
      }),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('a new blind-index key: every index recomputed from the plaintext, the verified copy follows, resumable', async () => {
    // Verify the record (the trigger copies the verified version's index).
    await t.db.query(`update public.identity_records set state = 'submitted', current_version_id = $2 where id = $1`, [recordId, versionIds[5]]);
    await t.db.query(`update public.identity_records set state = 'verified', verified_version_id = $2 where id = $1`, [recordId, versionIds[5]]);
    const cipher = new FieldCipher(new Map([['k2', k2]]), 'k2', blind2);
    const r = await reindexBlind({ db: t.db, cipher, activeKeyId: 'k2', batchSize: 5000 });
    expect(r.perColumn['identity_versions.id_number_bidx']).toBe(VERSIONS);
    expect(r.perColumn['registrar_records.id_number_bidx']).toBe(5);
    expect(r.perColumn['identity_records.verified_id_number_bidx']).toBe(1);
    const sample = await t.db.query<{ id: string; bidx: string }>(
      `select id::text, id_number_bidx as bidx from public.identity_versions where id = any($1::uuid[])`,
      [versionIds.slice(0, 50)],
    );
    for (const s of sample) expect(s.bidx).toBe(onlyNew.blindIndex(plain.get(`identity_versions.id_number_enc:${s.id}`)!, 'id_number'));
    const [rec] = await t.db.query<{ b: string }>(`select verified_id_number_bidx as b from public.identity_records where id = $1`, [recordId]);
    expect(rec!.b).toBe(onlyNew.blindIndex(plain.get(`identity_versions.id_number_enc:${versionIds[5]}`)!, 'id_number'));
    expect((await reindexBlind({ db: t.db, cipher, activeKeyId: 'k2' })).rewritten).toBe(0);
  }, 300_000);

  it.runIf(testEngine === 'postgres')(
    'npm run keys:rotate on 50,000 records prints records/s and finishes with 0 retired-key values',
    async () => {
      // Everything is under k2 now; the script moves it to k3 with k2 retired.
      const k3 = randomBytes(32);
      const env = {
        NODE_ENV: 'production' as const,
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: t.url,
        PII_ENCRYPTION_KEYS: `k2:${k2.toString('base64')},k3:${k3.toString('base64')}`,
        PII_ACTIVE_KEY_ID: 'k3',
        PII_BLIND_INDEX_KEY: blind2.toString('base64'),
        AUTH_SECRET: randomBytes(32).toString('base64'),
        STORAGE_SIGNING_SECRET: randomBytes(32).toString('base64'),
        AUTH_CAMPUS_ISSUER: 'https://idp.example.edu.cn',
        AUTH_CAMPUS_ID: 'x',
        AUTH_CAMPUS_SECRET: 'y',
      };
      const { stdout } = await promisify(execFile)('node_modules/.bin/tsx', ['--conditions=react-server', 'scripts/keys-rotate.ts', '--batch', '2000'], {
        env,
        cwd: process.cwd(),
        maxBuffer: 10 * 1024 * 1024,
      });
      const lines = stdout.trim().split('\n');
      const last = JSON.parse(lines.at(-1)!);
      console.log(lines.filter((l) => !l.startsWith('  ')).join('\n'));
      expect(stdout).toMatch(/records\/s/);
      expect(last).toMatchObject({ activeKeyId: 'k3', mode: 'ciphertext', retired: 0, malformed: 0, byKey: { k3: plain.size } });
      expect(last.rewritten).toBe(plain.size);
      expect(last.rewritten).toBeGreaterThanOrEqual(50_000);
      expect(last.recordsPerSecond).toBeGreaterThan(0);
      await expectAllReadable(new FieldCipher(new Map([['k3', k3]]), 'k3', blind2));
    },
    300_000,
  );
});
