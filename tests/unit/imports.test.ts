import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkMapping, normalizeHeader, suggestMapping } from '../../lib/server/imports/mapping';
import { cellText, openRowSource, sniff, type SourceRow } from '../../lib/server/imports/parse';
import { createRowValidator, departmentResolver } from '../../lib/server/imports/validate';
import { looksLikeExcelNumber, parseDate, parseEthnicity, parseIdType, parseSex, parseStatus, parseYear } from '../../lib/server/imports/values';
import { makeIdNumber } from '../factories';

const dir = mkdtempSync(path.join(os.tmpdir(), 'civ-imports-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer | string) => {
  const p = path.join(dir, `f${n++}`);
  writeFileSync(p, bytes);
  return p;
};
async function all(rows: AsyncIterable<SourceRow>) {
  const out: SourceRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('header mapping', () => {
  it('suggests registrar fields from Chinese, English and pinyin-code headers', () => {
    expect(suggestMapping('registrar', ['学号', '姓名', '性别', '出生日期', '证件类型', '身份证号', '民族', '院系', '专业', '年级', '学籍状态'])).toEqual({
      student_number: '学号',
      name: '姓名',
      sex: '性别',
      birth_date: '出生日期',
      id_type: '证件类型',
      id_number: '身份证号',
      ethnicity: '民族',
      department: '院系',
      major: '专业',
      cohort: '年级',
      status: '学籍状态',
    });
    expect(suggestMapping('registrar', ['Student No', 'Name', 'Gender', 'Date of Birth', 'ID Number', 'Department', 'Cohort'])).toMatchObject({
      student_number: 'Student No',
      name: 'Name',
      sex: 'Gender',
      birth_date: 'Date of Birth',
      id_number: 'ID Number',
      department: 'Department',
      cohort: 'Cohort',
    });
    expect(suggestMapping('registrar', ['XH', 'XM', 'SFZH', 'YXDM', 'NJ'])).toMatchObject({
      student_number: 'XH',
      name: 'XM',
      id_number: 'SFZH',
      department: 'YXDM',
      cohort: 'NJ',
    });
  });

  it('suggests admissions fields and prefers exact names over contained ones', () => {
    expect(suggestMapping('admissions', ['考生号', '考生姓名', '身份证号码（18位）', '录取学院', '录取专业', '录取年份'])).toEqual({
      exam_number: '考生号',
      name: '考生姓名',
      id_number: '身份证号码（18位）',
      department: '录取学院',
      major: '录取专业',
      admission_year: '录取年份',
    });
    expect(suggestMapping('registrar', ['姓名拼音', '姓名'])).toMatchObject({ name: '姓名' });
    expect(normalizeHeader(' 身份证号（18位） ')).toBe('身份证号');
  });

  it('checks a confirmed mapping against the headers and the required fields', () => {
    const { problems } = checkMapping('registrar', { student_number: '学号', name: '不存在', bogus: '姓名' }, ['学号', '姓名']);
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'name', code: 'imports.mapping.unknownHeader' },
        { field: 'bogus', code: 'imports.mapping.unknownField' },
        { field: 'id_number', code: 'imports.mapping.required' },
        { field: 'department', code: 'imports.mapping.required' },
        { field: 'cohort', code: 'imports.mapping.required' },
      ]),
    );
  });
});

describe('cell values', () => {
  it.each([
    ['男', 'male'],
    ['F', 'female'],
    ['female', 'female'],
    ['1', 'male'],
    ['2', 'female'],
    ['', null],
  ])('sex %s', (v, want) => {
    expect(parseSex(v)).toEqual({ ok: true, value: want });
  });
  it('refuses an unknown sex', () => expect(parseSex('X')).toEqual({ ok: false, code: 'imports.errors.sex' }));

  it.each([
    ['2001-03-07', '2001-03-07'],
    ['2001/3/7', '2001-03-07'],
    ['20010307', '2001-03-07'],
    ['2001年3月7日', '2001-03-07'],
    ['2001-03-07 00:00:00', '2001-03-07'],
    ['２００１-０３-０７', '2001-03-07'],
    ['36957', '2001-03-07'],
  ])('date %s', (v, want) => expect(parseDate(v)).toEqual({ ok: true, value: want }));
  it.each(['2001-13-40', '2001-02-29', '1899-12-31', 'yesterday', '2001'])('refuses the date %s', (v) => {
    expect(parseDate(v)).toEqual({ ok: false, code: 'imports.errors.date' });
  });
  it('refuses a future date', () => expect(parseDate('2999-01-01')).toEqual({ ok: false, code: 'imports.errors.dateFuture' }));
  it('takes "today" in China (UTC+8): a date becomes acceptable at China midnight, 16:00 UTC', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2099-06-30T15:59:59.999Z'));
      expect(parseDate('2099-06-30')).toEqual({ ok: true, value: '2099-06-30' });
      expect(parseDate('2099-07-01')).toEqual({ ok: false, code: 'imports.errors.dateFuture' });
      vi.setSystemTime(new Date('2099-06-30T16:00:00.000Z'));
      expect(parseDate('2099-07-01')).toEqual({ ok: true, value: '2099-07-01' });
      expect(parseDate('2099-07-02')).toEqual({ ok: false, code: 'imports.errors.dateFuture' });
    } finally {
      vi.useRealTimers();
    }
    // Back to the real clock: the day is worked out again, 2099 is in the future once more.
    expect(parseDate('2099-07-01')).toEqual({ ok: false, code: 'imports.errors.dateFuture' });
  });

  it('reads ethnicity by name, short name, English name or GB code', () => {
    for (const v of ['汉族', '汉', 'Han', '01', '1']) expect(parseEthnicity(v)).toEqual({ ok: true, value: '01' });
    expect(parseEthnicity('维吾尔族')).toEqual({ ok: true, value: '05' });
    expect(parseEthnicity('火星族')).toEqual({ ok: false, code: 'imports.errors.ethnicity' });
    expect(parseEthnicity('99')).toEqual({ ok: false, code: 'imports.errors.ethnicity' });
  });

  it('reads document types, years and statuses', () => {
    expect(parseIdType('')).toEqual({ ok: true, value: 'cn_resident' });
    expect(parseIdType('居民身份证')).toEqual({ ok: true, value: 'cn_resident' });
    expect(parseIdType('护照')).toEqual({ ok: true, value: 'passport' });
    expect(parseIdType('驾驶证')).toEqual({ ok: false, code: 'imports.errors.idType' });
    expect(parseYear('2023级')).toEqual({ ok: true, value: 2023 });
    expect(parseYear('23')).toEqual({ ok: false, code: 'imports.errors.year' });
    expect(parseStatus('在读')).toEqual({ ok: true, value: 'enrolled' });
    expect(parseStatus('休学')).toEqual({ ok: true, value: 'suspended' });
    expect(parseStatus('')).toEqual({ ok: true, value: 'enrolled' });
    expect(looksLikeExcelNumber('1.10105E+17')).toBe(true);
    expect(looksLikeExcelNumber('110105199003071234')).toBe(false);
  });

  it('turns exceljs cell values into text', () => {
    expect(cellText(new Date(Date.UTC(2001, 2, 7)))).toEqual({ text: '2001-03-07', lossy: false });
    expect(cellText(2023)).toEqual({ text: '2023', lossy: false });
    expect(cellText(110105199003071230)).toMatchObject({ lossy: true });
    expect(cellText({ richText: [{ text: '张' }, { text: '三' }] })).toEqual({ text: '张三', lossy: false });
    expect(cellText({ formula: 'A1', result: 'CS' })).toEqual({ text: 'CS', lossy: false });
  });
});

describe('reading files', () => {
  const csv = '学号,姓名,院系\r\n2023001,张三,CS\r\n\r\n2023002,"李,四",计算机学院\r\n';

  it('detects formats and encodings from the bytes', () => {
    expect(sniff(Buffer.from(csv))).toEqual({ format: 'csv', encoding: 'utf-8' });
    expect(sniff(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]))).toEqual({ format: 'csv', encoding: 'utf-8-bom' });
    expect(sniff(iconv.encode(csv, 'gbk'))).toEqual({ format: 'csv', encoding: 'gb18030' });
    expect(sniff(iconv.encode(csv, 'utf-16le', { addBOM: true }))).toEqual({ format: 'csv', encoding: 'utf-16le' });
    expect(sniff(iconv.encode(csv, 'utf-16be', { addBOM: true }))).toEqual({ format: 'csv', encoding: 'utf-16be' });
    expect(sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toEqual({ format: 'xlsx' });
    expect(sniff(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toEqual({ unsupported: 'imports.file.xls' });
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 0]))).toEqual({ unsupported: 'imports.file.unsupported' });
  });

  it.each([
    ['UTF-8', Buffer.from(csv), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]), 'utf-8-bom'],
    ['GBK', iconv.encode(csv, 'gbk'), 'gb18030'],
    ['UTF-16LE with tabs (Excel "Unicode text")', iconv.encode(csv.replace(/,(?=[^"]*(?:"[^"]*"[^"]*)*$)/g, '\t'), 'utf-16le', { addBOM: true }), 'utf-16le'],
  ])('reads %s with spreadsheet row numbers and the whole file hashed', async (_label, bytes, encoding) => {
    const src = await openRowSource({ path: file(bytes) });
    expect(src).toMatchObject({ format: 'csv', encoding, headers: ['学号', '姓名', '院系'] });
    expect(await all(src.rows)).toEqual([
      { rowNumber: 2, values: { 学号: '2023001', 姓名: '张三', 院系: 'CS' } },
      { rowNumber: 4, values: { 学号: '2023002', 姓名: '李,四', 院系: '计算机学院' } },
    ]);
    expect(await src.sha256()).toBe(sha(bytes));
  });

  it('reads a stream and reports a short row instead of failing', async () => {
    const bytes = Buffer.from('学号,姓名,院系\n2023001,张三\n2023002,李四,CS,extra\n2023003,王五,CS,\n');
    const src = await openRowSource({ stream: Readable.from([bytes.subarray(0, 7), bytes.subarray(7)]) });
    const rows = await all(src.rows);
    expect(rows.map((r) => [r.rowNumber, r.problem])).toEqual([
      [2, 'imports.errors.columnCount'],
      [3, 'imports.errors.columnCount'],
      [4, undefined],
    ]);
    expect(await src.sha256()).toBe(sha(bytes));
  });

  it('refuses a file without a header and a file over the size limit', async () => {
    await expect(openRowSource({ path: file('\n\n') })).rejects.toMatchObject({ userMessage: 'imports.file.noHeader' });
    await expect(openRowSource({ path: file('') })).rejects.toMatchObject({ userMessage: 'imports.file.empty' });
    const big = Buffer.alloc(300_000, 'a,b\n');
    const src = await openRowSource({ path: file(big) }, { maxBytes: 200_000 }).catch((e: unknown) => e);
    if (src instanceof Error) expect(src).toMatchObject({ userMessage: 'imports.file.tooLarge' });
    else await expect(all((src as Awaited<ReturnType<typeof openRowSource>>).rows)).rejects.toMatchObject({ userMessage: 'imports.file.tooLarge' });
  });

  it('reads the first worksheet of an XLSX file: dates, numbers, rich text, and lossy numbers flagged', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学生');
    ws.addRow(['学号', '姓名', '出生日期', '身份证号', '年级']);
    ws.addRow([2023001, '张三', new Date(Date.UTC(2001, 2, 7)), '110105200103071234', 2023]);
    ws.getCell('C2').numFmt = 'yyyy-mm-dd';
    ws.addRow([]);
    ws.addRow([2023002, { richText: [{ text: '李' }, { text: '四' }] }, '2001/3/7', 110105200103071230, '2023级']);
    wb.addWorksheet('其他').addRow(['not', 'read']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const src = await openRowSource({ path: file(bytes) });
    expect(src).toMatchObject({ format: 'xlsx', encoding: null, headers: ['学号', '姓名', '出生日期', '身份证号', '年级'] });
    expect(await all(src.rows)).toEqual([
      { rowNumber: 2, values: { 学号: '2023001', 姓名: '张三', 出生日期: '2001-03-07', 身份证号: '110105200103071234', 年级: '2023' } },
      {
        rowNumber: 4,
        values: { 学号: '2023002', 姓名: '李四', 出生日期: '2001/3/7', 身份证号: (110105200103071230).toFixed(0), 年级: '2023级' },
        lossy: ['身份证号'],
      },
    ]);
    expect(await src.sha256()).toBe(sha(bytes));
  });

  it('stops reading a large XLSX half-way without an error escaping', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['学号', '姓名']);
    for (let i = 0; i < 20_000; i++) ws.addRow([`S${i}`, `名字${i}`]);
    const path_ = file(Buffer.from(await wb.xlsx.writeBuffer()));
    for (let k = 0; k < 3; k++) {
      const src = await openRowSource({ path: path_ });
      const first = await src.rows.next();
      expect(first.value).toMatchObject({ rowNumber: 2, values: { 学号: 'S0' } });
      await src.rows.return(undefined);
      src.close();
    }
    await new Promise((r) => setTimeout(r, 300));
  });

  it('hashes the whole file even when only the first rows are read, unless abandoned', async () => {
    const bytes = Buffer.from(`学号,姓名\n${'1,张三\n'.repeat(100_000)}`);
    const src = await openRowSource({ path: file(bytes) });
    await src.rows.next();
    await src.rows.return(undefined);
    expect(await src.sha256()).toBe(sha(bytes));
    const other = await openRowSource({ path: file(bytes) });
    other.close();
    await expect(other.sha256()).rejects.toThrow('abandoned');
  });
});

describe('row validation', () => {
  const depts = departmentResolver([{ id: 'd-cs', code: 'CS', name_zh: '计算机学院', name_en: 'School of Computing' }]);
  const mapping = { student_number: 'xh', name: 'xm', sex: 'xb', birth_date: 'csrq', id_number: 'sfzh', department: 'yx', cohort: 'nj', ethnicity: 'mz' };
  const id = makeIdNumber('20010307', 'male');
  const row = (values: Record<string, string>, rowNumber = 2): SourceRow => ({
    rowNumber,
    values: { xh: '2023001', xm: '张三', xb: '男', csrq: '2001-03-07', sfzh: id, yx: 'CS', nj: '2023', mz: '汉族', ...values },
  });

  it('accepts a good row, resolving the department by code or name and normalizing values', () => {
    const v = createRowValidator('registrar', mapping, depts);
    expect(v(row({ yx: 'school of computing', xm: '迪丽努尔.艾买提', sfzh: id.toLowerCase() }))).toEqual({
      ok: true,
      key: '2023001',
      record: {
        studentNumber: '2023001',
        name: '迪丽努尔·艾买提',
        sex: 'male',
        birthDate: '2001-03-07',
        idType: 'cn_resident',
        idNumber: id.toUpperCase(),
        ethnicity: '01',
        departmentId: 'd-cs',
        major: null,
        cohort: 2023,
        status: 'enrolled',
        className: null,
        email: null,
        phone: null,
      },
    });
  });

  it('fills sex and birth date from the ID number when the file has none, and refuses a contradiction', () => {
    const v = createRowValidator('registrar', mapping, depts);
    expect(v(row({ xb: '', csrq: '' }))).toMatchObject({ ok: true, record: { sex: 'male', birthDate: '2001-03-07' } });
    expect(v(row({ xh: '2023002', xb: '女', csrq: '2001-03-08' }))).toEqual({
      ok: false,
      errors: [
        { row: 2, column: 'csrq', code: 'imports.errors.birthMismatch' },
        { row: 2, column: 'xb', code: 'imports.errors.sexMismatch' },
      ],
    });
  });

  it('reports every bad column of a row, and later duplicates of a student number', () => {
    const v = createRowValidator('registrar', mapping, depts);
    const badId = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
    expect(v(row({ xm: '', sfzh: badId, csrq: '2001-13-40', yx: 'XX', nj: '' }, 5))).toEqual({
      ok: false,
      errors: [
        { row: 5, column: 'xm', code: 'imports.errors.required' },
        { row: 5, column: 'csrq', code: 'imports.errors.date' },
        { row: 5, column: 'sfzh', code: 'imports.errors.id.bad_checksum' },
        { row: 5, column: 'yx', code: 'imports.errors.unknownDepartment' },
        { row: 5, column: 'nj', code: 'imports.errors.required' },
      ],
    });
    expect(v(row({}, 6))).toMatchObject({ ok: false, errors: [{ row: 6, column: 'xh', code: 'imports.errors.duplicateInFile' }] });
    expect(v(row({ sfzh: '1.10105E+17', xh: '2023009' }, 7))).toMatchObject({
      ok: false,
      errors: [{ column: 'sfzh', code: 'imports.errors.id.excel_number' }],
    });
    expect(v({ ...row({ xh: '2023010' }, 8), lossy: ['sfzh'] })).toMatchObject({
      ok: false,
      errors: [{ column: 'sfzh', code: 'imports.errors.id.excel_number' }],
    });
    expect(v({ ...row({ xh: '2023011' }, 9), problem: 'imports.errors.columnCount' })).toEqual({
      ok: false,
      errors: [{ row: 9, column: null, code: 'imports.errors.columnCount' }],
    });
  });

  it('validates admissions rows, accepting residence-permit numbers without a type column', () => {
    const v = createRowValidator('admissions', { exam_number: 'ksh', name: 'xm', id_number: 'sfzh', admission_year: 'nf', department: 'yx' }, depts);
    const hmt = makeIdNumber('20010307', 'female', '810000');
    expect(v({ rowNumber: 2, values: { ksh: '23110101123456', xm: '陈小明', sfzh: hmt, nf: '2023', yx: '' } })).toMatchObject({
      ok: true,
      record: { examNumber: '23110101123456', idNumber: hmt, sex: 'female', birthDate: '2001-03-07', departmentId: null, admissionYear: 2023 },
    });
    expect(v({ rowNumber: 3, values: { ksh: '123', xm: '陈小明', sfzh: hmt, nf: '2023', yx: '' } })).toMatchObject({
      ok: false,
      errors: [{ code: 'imports.errors.examNumber' }],
    });
  });
});
