import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { withRls } from '../../lib/server/db/rls';
import { answerQuestionnaire } from '../../lib/server/questionnaires/answer';
import { createQuestionnaire } from '../../lib/server/questionnaires/create';
import { getQuestionnaireForAnswer } from '../../lib/server/questionnaires/get-for-answer';
import { listMyQuestionnaires } from '../../lib/server/questionnaires/list';
import { exportQuestionnaireCsv, questionnaireResults } from '../../lib/server/questionnaires/results';
import { setQuestionnaireStatus } from '../../lib/server/questionnaires/set-status';
import { parseQuestionLines } from '../../lib/schemas/questionnaire';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeOffice, makeStaff, makeStudent, makeUser } from '../factories';

let t: TestDb;
let registrar: Access, s1: Access, s2: Access, office: Access, reviewer: Access;
let qid: string;
let deptId: string;

beforeAll(async () => {
  t = await freshDb();
  const dept = await makeDepartment(t.db);
  deptId = dept.id;
  registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
  reviewer = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: dept.id })).ctx))!;
  office = (await loadAccess((await makeStaff(t.db, 'office', { officeCode: await makeOffice(t.db) })).ctx))!;
  for (const i of [1, 2]) {
    const u = await makeUser(t.db);
    await makeStudent(t.db, dept.id, { userId: u.id });
    const a = (await loadAccess(u.ctx))!;
    if (i === 1) s1 = a;
    else s2 = a;
  }
  const { id } = await createQuestionnaire({
    access: registrar,
    input: {
      title: '核验体验调查',
      anonymous: true,
      toStudents: true,
      toOffices: false,
      questions: parseQuestionLines(
        'single: 提交是否顺利 | 顺利 | 一般 | 不顺利\nmultiple: 哪些环节费时 | 拍照 | 填表 | 等待审核\nscale: 总体满意度\ntext?: 其他建议',
      ),
    },
  });
  qid = id;
});
afterAll(async () => t?.cleanup());

describe(`questionnaires on ${process.env.TEST_PG_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('only the registrar builds and sends; a draft is not shown to students', async () => {
    await expect(createQuestionnaire({ access: reviewer, input: { title: 'x', questions: [{ kind: 'text', prompt: 'x' }] } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await listMyQuestionnaires({ access: s1 })).toHaveLength(0);
    await setQuestionnaireStatus({ access: registrar, input: { id: qid, status: 'open' } });
    expect((await listMyQuestionnaires({ access: s1 })).map((q) => q.id)).toEqual([qid]);
    // sent to students only: an office does not see it
    expect(await listMyQuestionnaires({ access: office })).toHaveLength(0);
    await expect(getQuestionnaireForAnswer({ access: office, input: { id: qid } })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('an anonymous answer stores no respondent link, yet allows one answer per person', async () => {
    const q = await getQuestionnaireForAnswer({ access: s1, input: { id: qid } });
    const [single, multiple, scale, text] = q.questions;
    const answers = { [single!.id]: '顺利', [multiple!.id]: ['拍照', '等待审核'], [scale!.id]: 4, [text!.id]: '希望缩短审核时间' };
    expect(await answerQuestionnaire({ access: s1, input: { id: qid, answers } })).toEqual({ duplicate: false });
    expect(await answerQuestionnaire({ access: s1, input: { id: qid, answers } })).toEqual({ duplicate: true });
    expect(await answerQuestionnaire({ access: s2, input: { id: qid, answers: { [single!.id]: '一般', [multiple!.id]: ['填表'], [scale!.id]: 2 } } })).toEqual({
      duplicate: false,
    });

    const responses = await t.db.query<Record<string, unknown>>('select * from public.questionnaire_responses where questionnaire_id = $1', [qid]);
    expect(responses).toHaveLength(2);
    for (const r of responses) expect(r.respondent_id).toBeNull();
    expect(JSON.stringify(responses)).not.toContain(s1.user.id);
    // The participants table has no column that could point at an answer, and answers carry the day only.
    const cols = await t.db.query<{ table_name: string; column_name: string; data_type: string }>(
      `select table_name, column_name, data_type from information_schema.columns
       where table_schema = 'public' and table_name in ('questionnaire_participants', 'questionnaire_responses') order by table_name, ordinal_position`,
    );
    expect(cols.filter((c) => c.table_name === 'questionnaire_participants').map((c) => c.column_name)).toEqual(['questionnaire_id', 'user_id']);
    expect(cols.filter((c) => c.table_name === 'questionnaire_responses').map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
      'id:uuid',
      'questionnaire_id:uuid',
      'respondent_id:uuid',
      'answers:jsonb',
      'submitted_on:date',
    ]);
    const parts = await t.db.query<{ user_id: string }>('select user_id from public.questionnaire_participants where questionnaire_id = $1', [qid]);
    expect(parts.map((p) => p.user_id).sort()).toEqual([s1.user.id, s2.user.id].sort());
    expect(await listMyQuestionnaires({ access: s1 })).toHaveLength(0);
  });

  it('nobody writes the answer tables directly, and a student reads no answers (non-superuser)', async () => {
    await withRls(s1.ctx, async (tx) => {
      const [me] = await tx.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
      expect(me!.rolsuper).toBe(false);
      expect(await tx.query('select * from public.questionnaire_responses')).toHaveLength(0);
      expect(await tx.query('select * from public.questionnaire_participants')).toHaveLength(1);
    });
    const code = await withRls(s2.ctx, (tx) =>
      tx.query(`insert into public.questionnaire_responses (questionnaire_id, answers) values ($1, '{}')`, [qid]),
    ).then(
      () => 'ok',
      (e: { code?: string }) => e.code,
    );
    expect(code).toBe('42501');
  });

  it('refuses an answer that is not one of the options', async () => {
    const u = await makeUser(t.db);
    await makeStudent(t.db, (await makeDepartment(t.db)).id, { userId: u.id });
    const a = (await loadAccess(u.ctx))!;
    const q = await getQuestionnaireForAnswer({ access: a, input: { id: qid } });
    await expect(answerQuestionnaire({ access: a, input: { id: qid, answers: { [q.questions[0]!.id]: '<script>' } } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('summarises the results and exports CSV without respondents', async () => {
    const r = await questionnaireResults({ access: registrar, input: { id: qid } });
    expect(r.responses).toBe(2);
    expect(r.results[0]!.counts).toEqual([
      { label: '顺利', n: 1 },
      { label: '一般', n: 1 },
      { label: '不顺利', n: 0 },
    ]);
    expect(r.results[1]!.counts.find((c) => c.label === '拍照')!.n).toBe(1);
    expect(r.results[2]!.mean).toBe(3);
    expect(r.results[3]!.texts).toEqual(['希望缩短审核时间']);
    const csv = await exportQuestionnaireCsv({ access: registrar, input: { id: qid } });
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(csv).toContain('拍照; 等待审核');
    await expect(questionnaireResults({ access: s1, input: { id: qid } })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('"after verification" reaches a student only once their record is verified (policy as the student, non-superuser)', async () => {
    const u = await makeUser(t.db);
    const st = await makeStudent(t.db, deptId, { userId: u.id });
    const a = (await loadAccess(u.ctx))!;
    const { id } = await createQuestionnaire({
      access: registrar,
      input: { title: '核验后调查', sendWhen: 'after_verification', questions: [{ kind: 'scale', prompt: '满意度' }] },
    });
    await setQuestionnaireStatus({ access: registrar, input: { id, status: 'open' } });
    const mine = async () => (await listMyQuestionnaires({ access: a })).map((q) => q.id);
    expect(await mine()).not.toContain(id);
    await expect(getQuestionnaireForAnswer({ access: a, input: { id } })).rejects.toMatchObject({ code: 'not_found' });
    const [r] = await t.db.query<{ id: string }>(
      `insert into public.identity_records (student_id, department_id, state) values ($1, $2, 'submitted') returning id`,
      [st.id, deptId],
    );
    expect(await mine()).not.toContain(id);
    await t.db.query(`update public.identity_records set state = 'verified' where id = $1`, [r!.id]);
    expect(await mine()).toContain(id);
    await withRls(a.ctx, async (tx) => {
      expect((await tx.query<{ id: string }>('select id from public.questionnaires where id = $1', [id])).length).toBe(1);
    });
    // "after verification" without students is refused with the reason.
    await expect(
      createQuestionnaire({
        access: registrar,
        input: { title: 'x', toStudents: false, toOffices: true, sendWhen: 'after_verification', questions: [{ kind: 'text', prompt: 'x' }] },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', fieldErrors: { sendWhen: 'questionnaires.errors.afterVerificationStudents' } });
  });

  it('"at campaign close" opens to that campaign\'s students and the offices once it closes, not before', async () => {
    const u = await makeUser(t.db);
    const st = await makeStudent(t.db, deptId, { userId: u.id });
    const inCampaign = (await loadAccess(u.ctx))!;
    const [c] = await t.db.query<{ id: string }>(
      `insert into public.campaigns (name, semester, opens_at, closes_at, status, created_by)
       values ('期末确认', '2026–2027-1', now() - interval '3 days', now() + interval '3 days', 'open', $1) returning id`,
      [registrar.user.id],
    );
    await t.db.query(`insert into public.confirmation_tasks (campaign_id, student_id, department_id, cohort) values ($1, $2, $3, 2025)`, [
      c!.id,
      st.id,
      deptId,
    ]);
    await expect(
      createQuestionnaire({ access: registrar, input: { title: 'x', sendWhen: 'campaign_close', questions: [{ kind: 'text', prompt: 'x' }] } }),
    ).rejects.toMatchObject({ code: 'invalid_input', fieldErrors: { campaignId: 'questionnaires.errors.campaign' } });
    const { id } = await createQuestionnaire({
      access: registrar,
      input: { title: '活动结束调查', toOffices: true, sendWhen: 'campaign_close', campaignId: c!.id, questions: [{ kind: 'text', prompt: '建议' }] },
    });
    await setQuestionnaireStatus({ access: registrar, input: { id, status: 'open' } });
    const ids = async (a: Access) => (await listMyQuestionnaires({ access: a })).map((q) => q.id);
    expect(await ids(inCampaign)).not.toContain(id);
    expect(await ids(office)).not.toContain(id);
    // Its closing time passes: the campaign's student and the office now see it; a student outside it does not.
    await t.db.query(`update public.campaigns set opens_at = now() - interval '4 days', closes_at = now() - interval '1 minute' where id = $1`, [c!.id]);
    expect(await ids(inCampaign)).toContain(id);
    expect(await ids(office)).toContain(id);
    expect(await ids(s2)).not.toContain(id);
  });
});
