import 'server-only';
import type { Tx } from '../db/types';
import type { RowError } from './validate';

/**
 * Set-based upserts, one statement per batch, the batch bound as ONE JSON parameter and unpacked
 * with jsonb_to_recordset: a 500-row VALUES list with 7,000 placeholders costs more to parse and
 * plan than to execute. A row whose hash equals the stored one is left alone (`where … is distinct
 * from`), so re-importing a file writes nothing and `updated_at` keeps meaning "last changed".
 */

export interface PreparedRegistrar {
  student_number: string;
  name: string;
  sex: string | null;
  birth_date: string | null;
  id_type: string;
  id_number_enc: string;
  id_number_bidx: string;
  id_number_mask: string;
  ethnicity: string | null;
  department_id: string;
  major: string | null;
  cohort: number;
  status: string;
  row_hash: string;
  /** Roster-only (not in registrar_records); carried in the batch JSON for upsertRoster. */
  class_name?: string | null;
  email?: string | null;
  phone?: string | null;
}
export interface PreparedAdmissions {
  exam_number: string;
  name: string;
  sex: string | null;
  birth_date: string | null;
  id_number_enc: string;
  id_number_bidx: string;
  id_number_mask: string;
  department_id: string | null;
  major: string | null;
  admission_year: number;
  row_hash: string;
}

const REGISTRAR_COLUMNS: [keyof PreparedRegistrar, string][] = [
  ['student_number', 'text'],
  ['name', 'text'],
  ['sex', 'text'],
  ['birth_date', 'date'],
  ['id_type', 'text'],
  ['id_number_enc', 'text'],
  ['id_number_bidx', 'text'],
  ['id_number_mask', 'text'],
  ['ethnicity', 'text'],
  ['department_id', 'uuid'],
  ['major', 'text'],
  ['cohort', 'int'],
  ['status', 'text'],
  ['row_hash', 'text'],
];
const ADMISSIONS_COLUMNS: [keyof PreparedAdmissions, string][] = [
  ['exam_number', 'text'],
  ['name', 'text'],
  ['sex', 'text'],
  ['birth_date', 'date'],
  ['id_number_enc', 'text'],
  ['id_number_bidx', 'text'],
  ['id_number_mask', 'text'],
  ['department_id', 'uuid'],
  ['major', 'text'],
  ['admission_year', 'int'],
  ['row_hash', 'text'],
];

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** The batch as the one parameter of the statements below (also reused by the roster upsert). */
export function batchJson(rows: readonly object[]): string {
  return JSON.stringify(rows);
}

const names = <T>(cols: [keyof T, string][]) => cols.map(([c]) => String(c)).join(', ');
const recordType = <T>(cols: [keyof T, string][]) => cols.map(([c, t]) => `${String(c)} ${t}`).join(', ');

function upsertStatement<T>(table: string, key: keyof T, cols: [keyof T, string][]): string {
  const set = cols
    .filter(([c]) => c !== key)
    .map(([c]) => `${String(c)} = excluded.${String(c)}`)
    .join(', ');
  // Column and table names come from the constants above, never from input.
  return `
    insert into public.${table} as r (${names(cols)}, import_run_id)
    select ${names(cols)}, $1::uuid from jsonb_to_recordset($2::text::jsonb) as x(${recordType(cols)})
    on conflict (${String(key)}) do update set ${set}, import_run_id = excluded.import_run_id, updated_at = now()
    where r.row_hash is distinct from excluded.row_hash
    returning (xmax = 0) as inserted`;
}
const REGISTRAR_UPSERT = upsertStatement<PreparedRegistrar>('registrar_records', 'student_number', REGISTRAR_COLUMNS);
const ADMISSIONS_UPSERT = upsertStatement<PreparedAdmissions>('admissions_records', 'exam_number', ADMISSIONS_COLUMNS);

async function upsert(tx: Tx, text: string, params: unknown[], batchSize: number): Promise<UpsertCounts> {
  // xmax is 0 on a freshly inserted tuple and set on one written by the DO UPDATE branch; rows
  // skipped by the WHERE are not returned at all.
  const rows = await tx.query<{ inserted: boolean }>(text, params);
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: batchSize - rows.length };
}

/** `json` is batchJson(rows), passed in so the roster upsert can reuse it. */
export function upsertRegistrar(tx: Tx, runId: string | null, rows: readonly PreparedRegistrar[], json = batchJson(rows)): Promise<UpsertCounts> {
  return upsert(tx, REGISTRAR_UPSERT, [runId, json], rows.length);
}

export function upsertAdmissions(tx: Tx, runId: string, rows: readonly PreparedAdmissions[], json = batchJson(rows)): Promise<UpsertCounts> {
  return upsert(tx, ADMISSIONS_UPSERT, [runId, json], rows.length);
}

export interface RosterRow {
  student_number: string;
  name: string;
  department_id: string;
  cohort: number;
  major?: string | null;
  class_name?: string | null;
  email?: string | null;
  phone?: string | null;
}

/**
 * The roster follows the registrar: new students are added, name/department/cohort kept in step.
 * user_id is never touched, so a student who already signed in stays linked. Accepts the
 * registrar batch's JSON (extra keys are ignored by jsonb_to_recordset).
 */
export function upsertRoster(tx: Tx, rows: readonly RosterRow[], json = batchJson(rows)): Promise<UpsertCounts> {
  // Class, major and contact columns that the file does not carry (null) keep what the roster has:
  // a file without a 班级 column must not wipe the classes a registrar typed in.
  return upsert(
    tx,
    `
    insert into public.students as s (student_number, name, department_id, cohort, major, class_name, email, phone)
    select student_number, name, department_id, cohort, major, class_name, email, phone
    from jsonb_to_recordset($1::text::jsonb) as x(student_number text, name text, department_id uuid, cohort int, major text, class_name text, email text, phone text)
    on conflict (student_number) do update set name = excluded.name, department_id = excluded.department_id, cohort = excluded.cohort,
      major = coalesce(excluded.major, s.major), class_name = coalesce(excluded.class_name, s.class_name),
      email = coalesce(excluded.email, s.email), phone = coalesce(excluded.phone, s.phone)
    where (s.name, s.department_id, s.cohort, s.major, s.class_name, s.email, s.phone) is distinct from
      (excluded.name, excluded.department_id, excluded.cohort, coalesce(excluded.major, s.major), coalesce(excluded.class_name, s.class_name),
       coalesce(excluded.email, s.email), coalesce(excluded.phone, s.phone))
    returning (xmax = 0) as inserted`,
    [json],
    rows.length,
  );
}

export async function insertRowErrors(tx: Tx, runId: string, errors: readonly RowError[]): Promise<void> {
  if (!errors.length) return;
  const json = JSON.stringify(errors.map((e) => ({ row_number: e.row, column_name: e.column?.slice(0, 200) ?? null, code: e.code })));
  await tx.query(
    `insert into public.import_row_errors (run_id, row_number, column_name, code)
     select $1::uuid, row_number, column_name, code from jsonb_to_recordset($2::text::jsonb) as x(row_number int, column_name text, code text)`,
    [runId, json],
  );
}
