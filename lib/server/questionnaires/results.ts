import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import type { Question } from './get-for-answer';

export interface QuestionResult extends Question {
  counts: { label: string; n: number }[];
  texts: string[];
  answered: number;
  mean: number | null;
}

/** Counts per option / scale point, free text listed, for the office. */
export async function questionnaireResults({ access, input }: { access: Access | null; input: { id: string } }) {
  const me = requireRole(access, 'registrar');
  const { id } = z.object({ id: z.uuid() }).parse(input);
  return withRls(me.ctx, async (tx) => {
    const [q] = await tx.query<{
      id: string;
      title: string;
      description: string | null;
      anonymous: boolean;
      status: string;
      to_students: boolean;
      to_offices: boolean;
    }>('select id, title, description, anonymous, status, to_students, to_offices from public.questionnaires where id = $1', [id]);
    if (!q) throw new AppError('not_found');
    const questions = await tx.query<Question>(
      'select id, position, kind, prompt, options, required from public.questionnaire_questions where questionnaire_id = $1 order by position',
      [id],
    );
    const responses = await tx.query<{ answers: Record<string, string | string[] | number> }>(
      'select answers from public.questionnaire_responses where questionnaire_id = $1',
      [id],
    );
    const results: QuestionResult[] = questions.map((qq) => {
      const values = responses.map((r) => (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers)[qq.id]).filter((v) => v !== undefined);
      const labels = qq.kind === 'scale' ? ['1', '2', '3', '4', '5'] : qq.options;
      const counts = labels.map((label) => ({ label, n: values.filter((v) => (Array.isArray(v) ? v.includes(label) : String(v) === label)).length }));
      const nums = qq.kind === 'scale' ? values.map(Number) : [];
      return {
        ...qq,
        counts: qq.kind === 'text' ? [] : counts,
        texts: qq.kind === 'text' ? values.map(String) : [],
        answered: values.length,
        mean: nums.length ? Math.round((nums.reduce((a, b) => a + b, 0) / nums.length) * 100) / 100 : null,
      };
    });
    await audit(tx, me.ctx, { action: 'questionnaire.view_results', entityType: 'questionnaire', entityId: id, actorRole: 'registrar' });
    return { questionnaire: q, responses: responses.length, results };
  });
}

const cell = (v: unknown) => {
  const s = String(v ?? '');
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One line per response, one column per question (never a respondent column). */
export async function exportQuestionnaireCsv({ access, input }: { access: Access | null; input: { id: string } }): Promise<string> {
  const me = requireRole(access, 'registrar');
  const { id } = z.object({ id: z.uuid() }).parse(input);
  return withRls(me.ctx, async (tx) => {
    const questions = await tx.query<Question>(
      'select id, position, kind, prompt, options, required from public.questionnaire_questions where questionnaire_id = $1 order by position',
      [id],
    );
    if (!questions.length) throw new AppError('not_found');
    const rows = await tx.query<{ answers: Record<string, unknown>; submitted_on: string | Date }>(
      'select answers, submitted_on from public.questionnaire_responses where questionnaire_id = $1 order by submitted_on, id',
      [id],
    );
    await audit(tx, me.ctx, {
      action: 'questionnaire.export',
      entityType: 'questionnaire',
      entityId: id,
      actorRole: 'registrar',
      details: { rows: rows.length },
    });
    const lines = [['日期 date', ...questions.map((q) => `${q.position}. ${q.prompt}`)].map(cell).join(',')];
    for (const r of rows) {
      const a = typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers;
      const day = r.submitted_on instanceof Date ? r.submitted_on.toISOString().slice(0, 10) : String(r.submitted_on).slice(0, 10);
      lines.push([day, ...questions.map((q) => (Array.isArray(a[q.id]) ? (a[q.id] as string[]).join('; ') : a[q.id]))].map(cell).join(','));
    }
    return '\uFEFF' + lines.join('\r\n') + '\r\n';
  });
}
