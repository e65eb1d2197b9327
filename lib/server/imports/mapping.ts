import 'server-only';
import { z } from 'zod';

/**
 * What an import fills, per kind, and which column of the file feeds each field. The registrar's
 * 学籍 export and the admissions office's 录取 list come from different systems with different
 * headers, so the mapping is suggested from common header names and confirmed by a person.
 */
export const IMPORT_KINDS = ['registrar', 'admissions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const REGISTRAR_FIELDS = [
  'student_number',
  'name',
  'sex',
  'birth_date',
  'id_type',
  'id_number',
  'ethnicity',
  'department',
  'major',
  'cohort',
  'status',
  'class_name',
  'email',
  'phone',
] as const;
export const ADMISSIONS_FIELDS = ['exam_number', 'name', 'id_number', 'birth_date', 'sex', 'department', 'major', 'admission_year'] as const;
export type RegistrarField = (typeof REGISTRAR_FIELDS)[number];
export type AdmissionsField = (typeof ADMISSIONS_FIELDS)[number];
export type ImportField = RegistrarField | AdmissionsField;

export const FIELDS: Record<ImportKind, readonly ImportField[]> = { registrar: REGISTRAR_FIELDS, admissions: ADMISSIONS_FIELDS };

/** Without these a row cannot become a record (primary key, the compared identity, NOT NULL columns). */
export const REQUIRED_FIELDS: Record<ImportKind, readonly ImportField[]> = {
  registrar: ['student_number', 'name', 'id_number', 'department', 'cohort'],
  admissions: ['exam_number', 'name', 'id_number', 'admission_year'],
};

/** field → header of the file. Unmapped optional fields are simply absent. */
export type Mapping = Partial<Record<ImportField, string>>;

export const ZMapping = z.record(z.string(), z.string().max(200));

// Header names seen in Chinese university exports (学籍系统, 招生系统, hand-made sheets) and their
// pinyin-initial column codes (XH = 学号, SFZH = 身份证号 ...), most specific first. Compared after
// normalizeHeader(), so case, spaces, full-width forms and "(18位)"-style notes do not matter.
const SYNONYMS: Record<ImportField, readonly string[]> = {
  student_number: ['学号', '学生学号', '学生编号', 'studentnumber', 'studentno', 'studentid', 'stuno', 'stuid', 'xh'],
  exam_number: ['考生号', '考生编号', '高考考生号', '高考报名号', '报名号', 'ksh', 'examnumber', 'examno', 'candidatenumber', 'candidateno'],
  name: ['姓名', '学生姓名', '考生姓名', '名字', 'name', 'fullname', 'studentname', 'xm'],
  sex: ['性别', 'sex', 'gender', 'xb', 'xbm'],
  birth_date: ['出生日期', '出生年月日', '出生年月', '生日', 'birthdate', 'dateofbirth', 'birthday', 'dob', 'csrq'],
  id_type: ['证件类型', '身份证件类型', '证件种类', 'idtype', 'documenttype', 'zjlx', 'sfzjlx'],
  id_number: [
    '证件号码',
    '身份证号',
    '身份证号码',
    '身份证件号',
    '身份证件号码',
    '证件号',
    '公民身份号码',
    'idnumber',
    'idno',
    'idcard',
    'idcardno',
    'sfzh',
    'zjhm',
    'sfzjh',
  ],
  ethnicity: ['民族', '民族名称', 'ethnicity', 'ethnicgroup', 'nation', 'mz', 'mzm'],
  department: [
    '学院',
    '院系',
    '所在学院',
    '所属学院',
    '院系名称',
    '学院名称',
    '院系代码',
    '学院代码',
    '录取学院',
    '录取院系',
    'department',
    'dept',
    'school',
    'college',
    'faculty',
    'yx',
    'yxmc',
    'yxdm',
  ],
  major: ['专业', '专业名称', '录取专业', '所学专业', 'major', 'programme', 'program', 'zy', 'zymc'],
  cohort: ['年级', '入学年级', '入学年份', '入学年度', '所在年级', 'cohort', 'grade', 'enrollmentyear', 'entryyear', 'nj'],
  class_name: ['班级', '班级名称', '所在班级', '行政班', '行政班级', 'class', 'classname', 'bj', 'bjmc'],
  email: ['电子邮箱', '邮箱', '电子邮件', 'email', 'e-mail', 'mail', 'dzyx'],
  phone: ['手机号', '手机号码', '联系电话', '手机', '电话', 'phone', 'mobile', 'sjh', 'lxdh'],
  status: ['学籍状态', '在籍状态', '学生状态', '状态', 'status', 'enrollmentstatus', 'xjzt'],
  admission_year: ['录取年份', '录取年度', '招生年份', '招生年度', '高考年份', '年份', 'admissionyear', 'year', 'lqnf'],
};

/** NFKC (full-width → half-width), lower case, notes in brackets and separators dropped. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（\[【][^)）\]】]*[)）\]】]/g, '')
    .replace(/[\s_\-.:：*＊/\\]/g, '');
}

/**
 * Suggests field → header. Exact synonym matches win; then a header that contains a synonym
 * ("学生姓名（必填）", "身份证号码18位"). Each header feeds at most one field.
 */
export function suggestMapping(kind: ImportKind, headers: readonly string[]): Mapping {
  const normalized = headers.map((h) => ({ h, n: normalizeHeader(h) })).filter((x) => x.n);
  const used = new Set<string>();
  const out: Mapping = {};
  const pick = (field: ImportField, match: (n: string, syn: string) => boolean) => {
    if (out[field]) return;
    for (const syn of SYNONYMS[field]) {
      const hit = normalized.find((x) => !used.has(x.h) && match(x.n, syn));
      if (hit) {
        out[field] = hit.h;
        used.add(hit.h);
        return;
      }
    }
  };
  for (const f of FIELDS[kind]) pick(f, (n, syn) => n === syn);
  // Two-letter pinyin codes are too short to look for inside longer headers.
  for (const f of FIELDS[kind]) pick(f, (n, syn) => syn.length >= 2 && !/^[a-z]{1,4}$/.test(syn) && n.includes(syn));
  return out;
}

export type MappingProblem = {
  field: ImportField | string;
  code: 'imports.mapping.required' | 'imports.mapping.unknownHeader' | 'imports.mapping.unknownField';
};

/** The mapping a person confirmed, checked against the file's real headers. */
export function checkMapping(kind: ImportKind, raw: Record<string, string>, headers: readonly string[]): { mapping: Mapping; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const mapping: Mapping = {};
  const known = new Set<string>(FIELDS[kind]);
  const headerSet = new Set(headers);
  for (const [field, header] of Object.entries(raw)) {
    if (!header) continue;
    if (!known.has(field)) problems.push({ field, code: 'imports.mapping.unknownField' });
    else if (!headerSet.has(header)) problems.push({ field, code: 'imports.mapping.unknownHeader' });
    else mapping[field as ImportField] = header;
  }
  for (const f of REQUIRED_FIELDS[kind]) {
    if (!mapping[f] && !problems.some((p) => p.field === f)) problems.push({ field: f, code: 'imports.mapping.required' });
  }
  return { mapping, problems };
}
