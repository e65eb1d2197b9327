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
