import { z } from 'zod';
import 'zod-openapi';
import { SHARE_FIELDS } from '@/lib/domain/sharing';

/** The offices' API: the same schemas parse requests and generate /api/v1/openapi.json. */
export const ZStudentId = z.uuid().meta({ id: 'StudentId', description: 'Stable id of a student record.' });

export const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ description: 'Page size, 1–500 (default 100).' }),
  cursor: z.string().max(400).optional().meta({ description: 'Opaque cursor from `next_cursor`. Omit to start a full (or `changed_since`) sync.' }),
  changed_since: z.coerce
    .date()
    .optional()
    .meta({ description: 'Only records whose verified data changed at or after this time (RFC 3339). Used with the first page.' }),
});

const field = (d: string) => z.string().nullable().optional().meta({ description: d });
export const ZStudentFields = z
  .object({
    student_number: field('Student number'),
    name: field('Legal name'),
    latin_name: field('Name in Latin letters'),
    department: field('Department (school) code'),
    cohort: z.number().int().nullable().optional().meta({ description: 'Cohort (year of entry)' }),
    sex: field('male | female'),
    birth_date: field('YYYY-MM-DD'),
    ethnicity: field('Ethnicity code (GB 3304)'),
    id_type: field('ID document type'),
    id_number: field('ID number: in full or masked, as granted'),
    phone: field('Phone'),
    email: field('E-mail'),
  })
  .meta({ id: 'StudentFields', description: `Only the office's granted fields are present. Possible keys: ${SHARE_FIELDS.join(', ')}.` });

export const ZStudent = z
  .object({
    id: ZStudentId,
    version_id: z.uuid().meta({ description: 'The verified version these values come from.' }),
    changed_at: z.string().nullable().meta({ description: 'When the verified data last changed.' }),
    removed: z.literal(false).optional(),
    fields: ZStudentFields,
    department: z.object({ code: z.string(), name_zh: z.string(), name_en: z.string() }).nullable().optional(),
  })
  .meta({ id: 'Student' });

export const ZRemoved = z
  .object({
    id: ZStudentId,
    removed: z.literal(true).meta({ description: 'No longer shared with this office (not verified any more, redacted, or grant emptied).' }),
  })
  .meta({ id: 'RemovedStudent' });

export const ZStudentPage = z
  .object({
    data: z.array(z.union([ZStudent, ZRemoved])),
    next_cursor: z.string().meta({ description: 'Pass as `cursor` for the next page; keep it after the last page for the next incremental sync.' }),
    has_more: z.boolean(),
  })
  .meta({ id: 'StudentPage' });

export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });
