import { z } from 'zod';

export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'text'] as const;

export const ZQuestion = z
  .object({
    kind: z.enum(QUESTION_KINDS),
    prompt: z.string().trim().min(1).max(300),
    options: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
    required: z.boolean().default(true),
  })
  .refine((q) => (q.kind === 'single' || q.kind === 'multiple') === q.options.length >= 2, { message: 'questionnaires.errors.options', path: ['options'] });

export const SEND_WHEN = ['now', 'after_verification', 'campaign_close'] as const;

export const ZQuestionnaire = z
  .object({
    title: z.string().trim().min(1).max(100),
    description: z.string().trim().max(1000).default(''),
    anonymous: z.boolean().default(false),
    toStudents: z.boolean().default(true),
    toOffices: z.boolean().default(false),
    questions: z.array(ZQuestion).min(1).max(50),
    // When it reaches its audience once sent: at once, after the student's record is verified, or
    // when the named confirmation campaign closes (to that campaign's students).
    sendWhen: z.enum(SEND_WHEN).default('now'),
    campaignId: z
      .uuid()
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  .refine((q) => q.toStudents || q.toOffices, { message: 'questionnaires.errors.audience', path: ['toStudents'] })
  .refine((q) => q.sendWhen !== 'after_verification' || q.toStudents, { message: 'questionnaires.errors.afterVerificationStudents', path: ['sendWhen'] })
  .refine((q) => (q.sendWhen === 'campaign_close') === Boolean(q.campaignId), { message: 'questionnaires.errors.campaign', path: ['campaignId'] });
export type TQuestionnaire = z.input<typeof ZQuestionnaire>;

/**
 * The builder's compact text form, one question per line:
 *   single: 问题 | 选项A | 选项B      multiple: 问题 | A | B | C
 *   scale: 问题（1–5）               text: 问题
 * A trailing "?" after the kind ("text?:") makes the question optional.
 */
export function parseQuestionLines(text: string): z.input<typeof ZQuestion>[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(single|multiple|scale|text)(\?)?\s*[:：]\s*(.*)$/i.exec(line);
      if (!m) return { kind: 'text' as const, prompt: line, options: [], required: true };
      const [prompt, ...options] = m[3]!.split('|').map((s) => s.trim());
      return { kind: m[1]!.toLowerCase() as (typeof QUESTION_KINDS)[number], prompt: prompt ?? '', options: options.filter(Boolean), required: !m[2] };
    });
}
