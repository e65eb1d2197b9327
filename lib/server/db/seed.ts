import 'server-only';
import { devAccounts } from '../../dev-oidc/accounts';
import { getCipher } from '../crypto';
import { defaultIssuer, getEnv } from '../env';
import { prepareRegistrar } from '../imports/prepare';
import { upsertRegistrar } from '../imports/upsert';
import { insertVerifiedStudent, seedActor, seedSharingDemo } from './seed-sharing';
import type { Database, Queryable } from './types';

export const DEMO_DEPARTMENTS = [
  { code: 'CS', zh: '计算机科学与技术学院', en: 'School of Computer Science and Technology' },
  { code: 'FL', zh: '外国语学院', en: 'School of Foreign Languages' },
  { code: 'MATH', zh: '数学科学学院', en: 'School of Mathematical Sciences' },
] as const;

export const DEMO_OFFICES = [
  { code: 'academic_affairs', zh: '教务处', en: 'Academic Affairs Office' },
  { code: 'finance', zh: '财务处', en: 'Finance Office' },
  { code: 'logistics', zh: '后勤保障处', en: 'Logistics Office' },
] as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '子涵', '浩然', '雨桐', '思远'];

/** Deterministic roster filler, so screenshots and demos look the same on every machine. */
function rosterFiller(deptIndex: number, n: number): { studentNumber: string; name: string; cohort: number }[] {
  return Array.from({ length: n }, (_, i) => {
    const cohort = 2022 + (i % 4);
    return {
      studentNumber: `${cohort}${String(deptIndex + 1).padStart(2, '0')}${String(100 + i).padStart(4, '0')}`,
      name: SURNAMES[(i * 7 + deptIndex) % SURNAMES.length]! + GIVEN[(i * 3 + deptIndex * 5) % GIVEN.length]!,
      cohort,
    };
  });
}

async function upsertDepartment(tx: Queryable, d: { code: string; zh: string; en: string }): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.departments (code, name_zh, name_en) values ($1, $2, $3)
     on conflict (code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en returning id`,
    [d.code, d.zh, d.en],
  );
  return row!.id;
}

/** Demo data for the embedded default: departments, offices, a roster and the demo staff's roles. */
export async function seedDemo(db: Database, issuer = defaultIssuer(getEnv())): Promise<void> {
  await db.transaction(async (tx) => {
    const deptIds = new Map<string, string>();
    for (const d of DEMO_DEPARTMENTS) deptIds.set(d.code, await upsertDepartment(tx, d));
    for (const o of DEMO_OFFICES) {
      await tx.query(`insert into public.offices (code, name_zh, name_en) values ($1, $2, $3) on conflict (code) do nothing`, [o.code, o.zh, o.en]);
    }
    let deptIndex = 0;
    for (const d of DEMO_DEPARTMENTS) {
      for (const s of rosterFiller(deptIndex++, 24)) {
        await tx.query(
          `insert into public.students (student_number, name, department_id, cohort) values ($1, $2, $3, $4)
           on conflict (student_number) do nothing`,
          [s.studentNumber, s.name, deptIds.get(d.code), s.cohort],
        );
      }
    }
    for (const a of devAccounts()) {
      if (a.role === 'student') {
        await tx.query(
          `insert into public.students (student_number, name, department_id, cohort) values ($1, $2, $3, $4)
           on conflict (student_number) do nothing`,
          [a.studentNumber, a.name, deptIds.get(a.department!), a.cohort],
        );
        // The registrar's record for the demo student, so a submission has something to be compared with.
        const id = a.identity;
        if (!id) continue;
        await upsertRegistrar(tx, null, [
          prepareRegistrar(getCipher(), {
            studentNumber: a.studentNumber!,
            name: a.name,
            sex: id.sex,
            birthDate: id.birthDate,
            idType: 'cn_resident',
            idNumber: id.idNumber,
            ethnicity: id.ethnicity,
            departmentId: deptIds.get(a.department!)!,
            major: id.major,
            cohort: a.cohort!,
            status: 'enrolled',
            className: null,
            email: null,
            phone: null,
          }),
        ]);
        continue;
      }
      if (a.role === 'none') continue;
      // Staff exist before their first sign-in so their roles are ready; sign-in fills the rest.
      const [u] = await tx.query<{ id: string }>(
        `insert into public.app_users (issuer, subject, display_name, email, affiliation) values ($1, $2, $3, $4, 'staff')
         on conflict (issuer, subject) do update set display_name = excluded.display_name returning id`,
        [issuer, a.sub, a.name, a.email],
      );
      await tx.query(
        `insert into public.staff_roles (user_id, role, department_id, office_code, class_name)
         select $1, $2, $3, $4, $5
         where not exists (select 1 from public.staff_roles where user_id = $1 and role = $2 and revoked_at is null)`,
        [u!.id, a.role, a.department ? deptIds.get(a.department) : null, a.office ?? null, a.className ?? null],
      );
    }
    // Step 4: office grants and verified students for the office portal and the API.
    await seedSharingDemo(tx, getCipher());
    // A demo questionnaire from the verification office, open to students.
    const [reg] = await tx.query<{ id: string }>(
      `select user_id as id from public.staff_roles where role = 'registrar' and revoked_at is null order by granted_at limit 1`,
    );
    const [hasQ] = await tx.query('select 1 from public.questionnaires limit 1');
    if (reg && !hasQ) {
      const [q] = await tx.query<{ id: string }>(
        `insert into public.questionnaires (title, description, anonymous, to_students, to_offices, status, created_by, opened_at)
         values ('身份核验体验调查', '帮助我们改进核验流程，约 1 分钟。', true, true, true, 'open', $1, now()) returning id`,
        [reg.id],
      );
      await tx.query(
        `insert into public.questionnaire_questions (questionnaire_id, position, kind, prompt, options, required) values
           ($1, 1, 'single', '提交过程是否顺利？', '{顺利,一般,不顺利}', true),
           ($1, 2, 'multiple', '哪些环节比较费时？', '{拍照上传,填写信息,等待审核,更正材料}', false),
           ($1, 3, 'scale', '总体满意度（1–5）', '{}', true),
           ($1, 4, 'text', '其他建议', '{}', false)`,
        [q!.id],
      );
    }
    await seedSemesterCampaign(tx);
    // Classes (班级), majors and the registrar's contact e-mail on the demo roster: two classes per
    // school and cohort, so a counsellor of 计科2501 sees some of the CS 2025 students and not others.
    await tx.query(
      `update public.students s set
         class_name = coalesce(s.class_name, case d.code when 'CS' then '计科' when 'FL' then '外语' else '数学' end
           || lpad((s.cohort % 100)::text, 2, '0') || case when s.student_number in ('2025010001', '2025010002') or right(s.student_number, 1) ~ '[02468]' then '01' else '02' end),
         major = coalesce(s.major, (select r.major from public.registrar_records r where r.student_number = s.student_number), case d.code when 'CS' then '计算机科学与技术' when 'FL' then '英语' else '数学与应用数学' end),
         email = coalesce(s.email, s.student_number || '@stu.example.edu.cn')
       from public.departments d where d.id = s.department_id`,
    );
  });
}

/**
 * An open semester campaign for the School of Mathematical Sciences, and stu-zhou verified, so the
 * confirmation can be tried on a fresh clone (and /confirm shows a task to the audits). Scoped to
 * one school so the CS/FL demo students start from "not submitted" for the e2e journeys.
 */
async function seedSemesterCampaign(tx: Queryable): Promise<void> {
  const [reg] = await tx.query<{ id: string }>(
    `select user_id as id from public.staff_roles where role = 'registrar' and revoked_at is null order by granted_at limit 1`,
  );
  const [math] = await tx.query<{ id: string }>(`select id from public.departments where code = 'MATH'`);
  const [has] = await tx.query('select 1 from public.campaigns limit 1');
  if (!reg || !math || has) return;
  const cipher = getCipher();
  const by = await seedActor(tx);
  for (const a of devAccounts()) {
    // Only 周晓彤: stu-chen (also MATH) is the offline e2e student and must start unsubmitted.
    if (a.sub !== 'stu-zhou' || !a.identity) continue;
    const [s] = await tx.query<{ id: string }>(
      `select s.id from public.students s where s.student_number = $1 and not exists (select 1 from public.identity_records r where r.student_id = s.id)`,
      [a.studentNumber],
    );
    if (!s) continue;
    await insertVerifiedStudent(tx, cipher, by, s.id, {
      legalName: a.name,
      sex: a.identity.sex,
      birthDate: a.identity.birthDate,
      ethnicity: a.identity.ethnicity,
      idNumber: a.identity.idNumber,
      phone: '13812345609',
      email: a.email,
    });
  }
  const [c] = await tx.query<{ id: string }>(
    `insert into public.campaigns (name, semester, opens_at, closes_at, department_ids, status, created_by, opened_at)
     values ('2026–2027 学年第一学期信息确认', '2026–2027 学年第一学期', now() - interval '1 day', now() + interval '60 days', $1, 'open', $2, now())
     returning id`,
    [[math.id], reg.id],
  );
  await tx.query(
    `insert into public.confirmation_tasks (campaign_id, student_id, department_id, cohort)
     select $1, s.id, s.department_id, s.cohort from public.students s where s.department_id = $2`,
    [c!.id, math.id],
  );
}

export async function seedDemoIfEmpty(db: Database): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from public.departments');
  if ((row?.n ?? 0) > 0) return false;
  await seedDemo(db);
  return true;
}
