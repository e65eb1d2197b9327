/**
 * Demo accounts of the local development OpenID provider. The seed gives the staff accounts their
 * roles and puts the students on the roster, so every role can be tried on a fresh clone.
 * Names and numbers are invented.
 */
export type DemoRole = 'student' | 'reviewer' | 'registrar' | 'office' | 'auditor' | 'admin' | 'counsellor' | 'none';

import { idChecksumChar } from '../identity/id-number';

/** A demo resident ID number with a correct check character (GB 11643), for the registrar seed. */
function demoId(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${seq}`;
  return first17 + idChecksumChar(first17);
}

export interface DemoIdentity {
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  /** GB/T 3304 code */
  ethnicity: string;
  major: string;
}

export interface DemoAccount {
  sub: string;
  name: string;
  email: string;
  affiliation: 'student' | 'staff' | 'affiliate';
  studentNumber?: string;
  role: DemoRole;
  /** department code for students and reviewers */
  department?: string;
  office?: string;
  /** the class (班级) a counsellor looks after */
  className?: string;
  cohort?: number;
  /** what the registrar's record (学籍) says about a demo student */
  identity?: DemoIdentity;
  describe: { 'zh-CN': string; en: string };
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    sub: 'stu-zhang',
    name: '张明',
    email: 'zhangming@stu.example.edu.cn',
    affiliation: 'student',
    studentNumber: '2025010001',
    role: 'student',
    department: 'CS',
    cohort: 2025,
    identity: { idNumber: demoId('110105', '2007-03-15', '013'), birthDate: '2007-03-15', sex: 'male', ethnicity: '01', major: '软件工程' },
    describe: { 'zh-CN': '学生 · 计算机学院 · 2025级', en: 'Student · Computer Science · cohort 2025' },
  },
  {
    sub: 'stu-li',
    name: '李娜',
    email: 'lina@stu.example.edu.cn',
    affiliation: 'student',
    studentNumber: '2024020002',
    role: 'student',
    department: 'FL',
    cohort: 2024,
    identity: { idNumber: demoId('310104', '2006-08-21', '022'), birthDate: '2006-08-21', sex: 'female', ethnicity: '01', major: '英语' },
    describe: { 'zh-CN': '学生 · 外国语学院 · 2024级', en: 'Student · Foreign Languages · cohort 2024' },
  },
  {
    sub: 'stu-dilnur',
    name: '迪丽努尔·艾买提',
    email: 'dilnur@stu.example.edu.cn',
    affiliation: 'student',
    studentNumber: '2025010002',
    role: 'student',
    department: 'CS',
    cohort: 2025,
    identity: { idNumber: demoId('650102', '2007-01-09', '044'), birthDate: '2007-01-09', sex: 'female', ethnicity: '05', major: '人工智能' },
    describe: { 'zh-CN': '学生 · 计算机学院 · 2025级', en: 'Student · Computer Science · cohort 2025' },
  },
  // Verified by the seed, with a task in the seeded semester campaign (MATH only): the campaign
  // can be tried at once, and the no-JavaScript e2e test and the audits confirm with this account.
  {
    sub: 'stu-zhou',
    name: '周晓彤',
    email: 'zhouxiaotong@stu.example.edu.cn',
    affiliation: 'student',
    studentNumber: '2024030001',
    role: 'student',
    department: 'MATH',
    cohort: 2024,
    identity: { idNumber: demoId('320102', '2006-04-18', '026'), birthDate: '2006-04-18', sex: 'female', ethnicity: '01', major: '数学与应用数学' },
    describe: {
      'zh-CN': '学生 · 数学科学学院 · 2024级（已核验，有学期确认任务）',
      en: 'Student · Mathematical Sciences · cohort 2024 (verified, has a semester task)',
    },
  },
  // On the roster but with no registrar record yet: the e2e review flow imports one.
  {
    sub: 'stu-wang',
    name: '王小雨',
    email: 'wangxiaoyu@stu.example.edu.cn',
    affiliation: 'student',
    studentNumber: '2025020003',
    role: 'student',
    department: 'FL',
    cohort: 2025,
    describe: { 'zh-CN': '学生 · 外国语学院 · 2025级（学籍待导入）', en: 'Student · Foreign Languages · cohort 2025 (no registrar record yet)' },
  },
  // Submits only through the offline outbox in e2e (tests/e2e/offline.spec.ts); no other spec uses them.
  {
    sub: 'stu-chen',
    name: '陈晨',
    email: 'chenchen@stu.example.edu.cn',
    affiliation: 'student',
    studentNumber: '2023030005',
    role: 'student',
    department: 'MATH',
    cohort: 2023,
    identity: { idNumber: demoId('440103', '2005-06-18', '035'), birthDate: '2005-06-18', sex: 'male', ethnicity: '01', major: '数学与应用数学' },
    describe: { 'zh-CN': '学生 · 数学科学学院 · 2023级', en: 'Student · Mathematical Sciences · cohort 2023' },
  },
  {
    sub: 'rev-cs',
    name: '王老师',
    email: 'wang@example.edu.cn',
    affiliation: 'staff',
    role: 'reviewer',
    department: 'CS',
    describe: { 'zh-CN': '审核员 · 计算机学院办公室', en: 'Reviewer · Computer Science office' },
  },
  {
    sub: 'rev-fl',
    name: '陈老师',
    email: 'chen@example.edu.cn',
    affiliation: 'staff',
    role: 'reviewer',
    department: 'FL',
    describe: { 'zh-CN': '审核员 · 外国语学院办公室', en: 'Reviewer · Foreign Languages office' },
  },
  {
    sub: 'registrar',
    name: '刘老师',
    email: 'liu@example.edu.cn',
    affiliation: 'staff',
    role: 'registrar',
    describe: { 'zh-CN': '学籍与核验办公室', en: 'Registrar / verification office' },
  },
  {
    sub: 'office-finance',
    name: '赵会计',
    email: 'zhao@example.edu.cn',
    affiliation: 'staff',
    role: 'office',
    office: 'finance',
    describe: { 'zh-CN': '财务处（只读共享数据）', en: 'Finance office (reads shared data)' },
  },
  {
    sub: 'office-academic',
    name: '钱教务',
    email: 'qian@example.edu.cn',
    affiliation: 'staff',
    role: 'office',
    office: 'academic_affairs',
    describe: { 'zh-CN': '教务处（只读共享数据）', en: 'Academic Affairs (reads shared data)' },
  },
  {
    sub: 'office-logistics',
    name: '吴后勤',
    email: 'wu@example.edu.cn',
    affiliation: 'staff',
    role: 'office',
    office: 'logistics',
    describe: { 'zh-CN': '后勤保障处（只读共享数据）', en: 'Logistics (reads shared data)' },
  },
  {
    sub: 'auditor',
    name: '孙审计',
    email: 'sun@example.edu.cn',
    affiliation: 'staff',
    role: 'auditor',
    describe: { 'zh-CN': '审计员（查看审计日志）', en: 'Auditor (reads the audit log)' },
  },
  {
    sub: 'admin',
    name: '周管理员',
    email: 'zhou@example.edu.cn',
    affiliation: 'staff',
    role: 'admin',
    describe: { 'zh-CN': '系统管理员（用户与角色）', en: 'Administrator (users and roles)' },
  },
  {
    sub: 'counsellor-cs',
    name: '黄辅导员',
    email: 'huang@example.edu.cn',
    affiliation: 'staff',
    role: 'counsellor',
    className: '计科2501',
    describe: { 'zh-CN': '辅导员 · 计科2501班', en: 'Counsellor · class 计科2501' },
  },
  {
    sub: 'visitor',
    name: '访客',
    email: 'visitor@example.com',
    affiliation: 'affiliate',
    role: 'none',
    describe: { 'zh-CN': '不在名册、无角色的账号', en: 'Not on the roster, no role' },
  },
];

/**
 * Fresh students for the end-to-end tests: with E2E_STUDENT_POOL=n (set only by
 * scripts/e2e-server.ts) the development provider lists n more student accounts and the seed puts
 * them on the roster with a registrar record, none of them submitted or verified. A test takes one
 * nobody else has used (tests/e2e/fixtures.ts `freshStudent`), so no spec depends on another
 * having run first, and a retry starts again with a new student.
 */
const POOL_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '慕容', '令狐', '皇甫'];
const POOL_GIVEN = ['子墨', '若汐', '浩宇', '雨桐', '思远'];

export function poolAccounts(n: number): DemoAccount[] {
  return Array.from({ length: Math.min(n, POOL_SURNAMES.length * POOL_GIVEN.length) }, (_, i) => {
    const department = i % 2 === 0 ? 'CS' : 'FL';
    const sex = i % 4 < 2 ? 'male' : 'female';
    const birth = new Date(Date.UTC(2006, 0, 1) + i * 86400e3).toISOString().slice(0, 10);
    // The 17th digit of a resident ID number is odd for men and even for women.
    const seq = `9${i % 10}${sex === 'male' ? 1 : 2}`;
    const nn = String(i + 1).padStart(2, '0');
    return {
      sub: `e2e-${nn}`,
      name: POOL_SURNAMES[i % POOL_SURNAMES.length]! + POOL_GIVEN[Math.floor(i / POOL_SURNAMES.length) % POOL_GIVEN.length]!,
      email: `e2e${nn}@stu.example.edu.cn`,
      affiliation: 'student',
      studentNumber: `20259900${nn}`,
      role: 'student',
      department,
      cohort: 2025,
      identity: { idNumber: demoId('110105', birth, seq), birthDate: birth, sex, ethnicity: '01', major: department === 'CS' ? '软件工程' : '英语' },
      describe: { 'zh-CN': `测试学生 ${nn} · ${department === 'CS' ? '计算机学院' : '外国语学院'}`, en: `Test student ${nn} · ${department}` },
    } satisfies DemoAccount;
  });
}

/** The development provider's accounts: the demo accounts, plus the e2e pool when asked for. */
export function devAccounts(env: Record<string, string | undefined> = process.env): readonly DemoAccount[] {
  const n = Number(env.E2E_STUDENT_POOL || 0);
  return n > 0 ? [...DEMO_ACCOUNTS, ...poolAccounts(n)] : DEMO_ACCOUNTS;
}
