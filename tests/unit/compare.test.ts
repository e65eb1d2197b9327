import { describe, expect, it } from 'vitest';
import { normalizeDate, normalizeIdNumber, normalizeName } from '../../lib/server/compare/normalize';
import {
  compareVersion,
  countMismatches,
  currentIntake,
  duplicateChecks,
  ethnicityCode,
  type CompareInput,
  type ReferenceSide,
  type SubmittedSide,
} from '../../lib/server/compare/rules';

const DEPT_A = '00000000-0000-4000-8000-00000000000a';
const DEPT_B = '00000000-0000-4000-8000-00000000000b';

const version = (o: Partial<SubmittedSide> = {}): SubmittedSide => ({
  legalName: '迪丽努尔·艾买提',
  latinName: 'DILNUR AIMAITI',
  sex: 'female',
  birthDate: '1990-03-07',
  ethnicity: '05',
  idType: 'cn_resident',
  idNumber: '110105199003071222',
  idNumberMask: '1101**********1222',
  departmentId: DEPT_A,
  cohort: 2025,
  ...o,
});

const registrar = (o: Partial<ReferenceSide> = {}): ReferenceSide => ({
  name: '迪丽努尔·艾买提',
  sex: 'female',
  birthDate: '1990-03-07',
  idType: 'cn_resident',
  idNumber: '110105199003071222',
  idNumberMask: '1101**********1222',
  departmentId: DEPT_A,
  cohort: 2025,
  ethnicity: '维吾尔族',
  ...o,
});

const input = (o: Partial<CompareInput> = {}): CompareInput => ({ version: version(), registrar: registrar(), admissions: null, freshman: false, ...o });
const problems = (i: CompareInput) =>
  compareVersion(i)
    .filter((c) => c.severity !== 'info')
    .map((c) => c.code);

describe('name normalization', () => {
  it.each([
    ['迪丽努尔・艾买提', '迪丽努尔·艾买提'], // katakana middle dot U+30FB
    ['迪丽努尔･艾买提', '迪丽努尔·艾买提'], // half-width katakana middle dot U+FF65
    ['迪丽努尔•艾买提', '迪丽努尔·艾买提'], // bullet U+2022
    ['迪丽努尔‧艾买提', '迪丽努尔·艾买提'], // hyphenation point U+2027
    ['迪丽努尔.艾买提', '迪丽努尔·艾买提'], // full stop between Han
    ['迪丽努尔．艾买提', '迪丽努尔·艾买提'], // full-width full stop
    ['迪丽努尔 · 艾买提', '迪丽努尔·艾买提'], // spaces around the dot
    ['张\u3000三', '张三'], // ideographic space between Han
    ['  张 三 ', '张三'],
    ['ＺＨＡＮＧ　ＳＡＮ', 'ZHANG SAN'], // full-width Latin and U+3000
    ['zhang  san', 'ZHANG SAN'], // case and repeated spaces
    ['Müller', 'MÜLLER'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });

  it('keeps real differences', () => {
    expect(normalizeName('张三')).not.toBe(normalizeName('张山'));
    expect(normalizeName('迪丽努尔艾买提')).not.toBe(normalizeName('迪丽努尔·艾买提'));
  });

  it('normalizes ID numbers and dates the way imports write them', () => {
    expect(normalizeIdNumber(' １１０１０５ 1990-0307 122x ')).toBe('11010519900307122X');
    expect(normalizeDate('1990/3/7')).toBe('1990-03-07');
    expect(normalizeDate('19900307')).toBe('1990-03-07');
    expect(normalizeDate('1990年3月7日')).toBe('1990-03-07');
    expect(normalizeDate(null)).toBeNull();
  });
});

describe('comparison with the registrar record', () => {
  it('finds nothing when everything agrees, typing differences included', () => {
    const out = compareVersion(input({ registrar: registrar({ name: '迪丽努尔・艾买提', birthDate: '1990/3/7', idNumber: '11010519900307122２' }) }));
    expect(out.every((c) => c.severity === 'info' && c.code === 'ok')).toBe(true);
    expect(out.map((c) => c.rule)).toEqual([
      'registrar.birth_date',
      'registrar.department',
      'registrar.ethnicity',
      'registrar.id_number',
      'registrar.name',
      'registrar.sex',
    ]);
  });

  it.each<[string, Partial<ReferenceSide>, string, string]>([
    ['name', { name: '迪丽努尔' }, 'registrar.name_mismatch', 'legalName'],
    ['birth date', { birthDate: '1990-07-03' }, 'registrar.birth_date_mismatch', 'birthDate'],
    ['sex', { sex: 'male' }, 'registrar.sex_mismatch', 'sex'],
    ['ID number', { idNumber: '110105199003071230' }, 'registrar.id_number_mismatch', 'idNumber'],
    ['department', { departmentId: DEPT_B }, 'registrar.department_mismatch', 'department'],
    ['cohort', { cohort: 2024 }, 'registrar.cohort_mismatch', 'cohort'],
    ['ethnicity', { ethnicity: '01' }, 'registrar.ethnicity_mismatch', 'ethnicity'],
    ['document type', { idType: 'passport' }, 'registrar.id_type_mismatch', 'idType'],
  ])('reports a different %s', (_what, ref, code, field) => {
    const out = compareVersion(input({ registrar: registrar(ref) }));
    const hit = out.filter((c) => c.severity !== 'info');
    expect(hit).toHaveLength(1);
    expect(hit[0]).toMatchObject({ code, field });
  });

  it('grades mismatches: identity fields are errors, department and cohort warnings', () => {
    const out = compareVersion(input({ registrar: registrar({ name: '李四', departmentId: DEPT_B }) }));
    expect(out.find((c) => c.code === 'registrar.name_mismatch')!.severity).toBe('error');
    expect(out.find((c) => c.code === 'registrar.department_mismatch')!.severity).toBe('warning');
    expect(out.find((c) => c.code === 'registrar.name_mismatch')!.details).toEqual({ submitted: '迪丽努尔·艾买提', reference: '李四' });
  });

  it('compares blind indexes when no number is in clear, and never puts a number into details', () => {
    const v = version({ idNumber: null, idNumberBidx: 'aa' });
    expect(problems(input({ version: v, registrar: registrar({ idNumber: null, idNumberBidx: 'aa' }) }))).toEqual([]);
    const out = compareVersion(input({ version: v, registrar: registrar({ idNumber: null, idNumberBidx: 'bb' }) }));
    expect(out.find((c) => c.rule === 'registrar.id_number')!.code).toBe('registrar.id_number_mismatch');
    expect(JSON.stringify(compareVersion(input({ registrar: registrar({ idNumber: '110105199003071230' }) })))).not.toContain('110105199003071230');
    expect(
      compareVersion(input({ version: v, registrar: registrar({ idNumber: null, idNumberBidx: null }) })).find((c) => c.rule === 'registrar.id_number')!.code,
    ).toBe('registrar.id_number_unavailable');
  });

  it('accepts a Latin-only registrar name matching the Latin name of a passport holder', () => {
    const v = version({ legalName: '约翰·史密斯', latinName: 'JOHN SMITH', idType: 'passport' });
    expect(problems(input({ version: v, registrar: registrar({ name: 'John  Smith', idType: 'passport' }) }))).toEqual([]);
  });

  it('reports missing values as information and a missing record as a warning', () => {
    const out = compareVersion(input({ registrar: registrar({ birthDate: null, sex: null }) }));
    expect(out.filter((c) => c.code.endsWith('_absent')).map((c) => c.code)).toEqual(['registrar.birth_date_absent', 'registrar.sex_absent']);
    expect(compareVersion(input({ registrar: null }))).toEqual([
      { rule: 'registrar.record', field: null, severity: 'warning', code: 'registrar.missing', details: {} },
    ]);
  });
});

describe('comparison with the admissions record (freshmen)', () => {
  it('compares only for freshmen, and reports a missing admissions record', () => {
    const adm = registrar({ name: '迪丽努尔·艾麦提', departmentId: null, cohort: 2026, ethnicity: null });
    expect(problems(input({ admissions: adm, freshman: false }))).toEqual([]);
    expect(problems(input({ admissions: adm, freshman: true }))).toEqual(['admissions.name_mismatch']);
    expect(problems(input({ admissions: null, freshman: true }))).toEqual(['admissions.missing']);
    expect(problems(input({ admissions: registrar({ birthDate: '1991-03-07', sex: 'male', departmentId: DEPT_B }), freshman: true }))).toEqual([
      'admissions.birth_date_mismatch',
      'admissions.department_mismatch',
      'admissions.sex_mismatch',
    ]);
  });

  it('knows the current intake from the date in China', () => {
    expect(currentIntake(new Date('2026-06-30T15:59:59Z'))).toBe(2025); // 23:59 on 30 June in Beijing
    expect(currentIntake(new Date('2026-06-30T16:00:00Z'))).toBe(2026); // midnight, 1 July
    expect(currentIntake(new Date('2027-02-01T00:00:00Z'))).toBe(2026);
  });
});

describe('determinism', () => {
  it('gives the same output, in the same order, for the same input however it was built', () => {
    const a = input({
      registrar: registrar({ name: '李四', sex: 'male', birthDate: '1991-01-01', departmentId: DEPT_B }),
      admissions: registrar({ name: '王五' }),
      freshman: true,
    });
    const b = JSON.parse(JSON.stringify(a)) as CompareInput;
    const first = compareVersion(a);
    expect(compareVersion(b)).toEqual(first);
    for (let i = 0; i < 20; i++) expect(JSON.stringify(compareVersion(a))).toBe(JSON.stringify(first));
    const keys = first.map((c) => `${c.rule}|${c.field}|${c.code}`);
    expect([...keys].sort()).toEqual(keys);
    expect(countMismatches(first)).toBe(first.filter((c) => c.severity !== 'info').length);
  });

  it('summarises duplicates per kind in a stable order without naming the other students', () => {
    const matches = [
      { kind: 'photo', source: 'document', relatedStudentId: 's2' },
      { kind: 'id_number', source: 'registrar', relatedStudentId: null },
      { kind: 'id_number', source: 'submission', relatedStudentId: 's3' },
      { kind: 'name_birth', source: 'submission', relatedStudentId: 's3' },
    ] as const;
    const out = duplicateChecks([...matches]);
    expect(out).toEqual([
      {
        rule: 'duplicate.id_number',
        field: 'idNumber',
        severity: 'error',
        code: 'duplicate.id_number',
        details: { sources: ['registrar', 'submission'], others: 2 },
      },
      { rule: 'duplicate.name_birth', field: 'legalName', severity: 'warning', code: 'duplicate.name_birth', details: { sources: ['submission'], others: 1 } },
      { rule: 'duplicate.photo', field: 'photos', severity: 'error', code: 'duplicate.photo', details: { sources: ['document'], others: 1 } },
    ]);
    expect(duplicateChecks([...matches].reverse())).toEqual(out);
    expect(countMismatches(out)).toBe(0);
  });

  it('maps ethnicity names and codes to GB/T 3304 codes', () => {
    expect(['05', '5', '维吾尔族', '维吾尔', 'uyghur'].map(ethnicityCode)).toEqual(['05', '05', '05', '05', '05']);
    expect(ethnicityCode('火星族')).toBeNull();
    expect(ethnicityCode('99')).toBeNull();
  });
});
