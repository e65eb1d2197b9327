import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { getCipher } from '../crypto';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';
import { AppError } from '../errors';
import { checkMapping, IMPORT_KINDS, ZMapping, type ImportKind, type Mapping } from './mapping';
import { openRowSource, type RowSource } from './parse';
import { prepareAdmissions, prepareRegistrar } from './prepare';
import {
  batchJson,
  insertRowErrors,
  upsertAdmissions,
  upsertRegistrar,
  upsertRoster,
  type PreparedAdmissions,
  type PreparedRegistrar,
  type UpsertCounts,
} from './upsert';
import { createRowValidator, departmentResolver, type AdmissionsRecord, type DepartmentRow, type RegistrarRecord, type RowError } from './validate';

/**
 * Rows per upsert statement. Each statement is planned afresh (its RLS policies and foreign keys
 * make that ~4 ms), so bigger batches spend less on planning: 2,000 rows are ~1 MB of JSON.
 */
export const BATCH_SIZE = 2000;
/** Enough to fix any real file; a wrong mapping on 50,000 rows must not write a million error rows. */
export const MAX_STORED_ERRORS = 50_000;
// Advisory lock class for imports; the second key is the kind's index. Any constant works.
export const IMPORT_LOCK_CLASS = 734_211_906;
const NO_HASH = '0'.repeat(64);

export const ZRunImport = z.object({
  kind: z.enum(IMPORT_KINDS),
  // Only the base name is kept: it is shown in the list of runs, never used as a path.
  fileName: z
    .string()
    .transform((s) =>
      s
        .split(/[\\/]/)
        .pop()!
        .replace(/[\u0000-\u001f\u007f]/g, '')
        .trim()
        .slice(0, 255),
    )
    .pipe(z.string().min(1)),
  mapping: ZMapping,
});

export interface ImportRunInput {
  kind: ImportKind;
  fileName: string;
  mapping: Record<string, string>;
  filePath?: string;
  stream?: Readable;
}

export interface ImportRunResult {
  runId: string;
  status: 'succeeded' | 'failed';
  /** An i18n key, optionally followed by '::' and JSON values (see lib/schemas msg()). */
  failure: string | null;
  format: RowSource['format'];
  encoding: RowSource['encoding'];
  totalRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errorRows: number;
  roster: { inserted: number; updated: number } | null;
  fileSha256: string;
  /** An earlier successful run of the same kind with the same bytes. */
  sameFileAs: { runId: string; startedAt: Date } | null;
  /** The unexpected error behind a failed run, for the server log only. */
  error?: unknown;
}

interface Progress {
  totalRows: number;
  lastRow: number;
}

/**
 * Imports a registrar (学籍) or admissions (招生) file. Row problems are reported per row and never
 * stop the run; anything else (database error, unreadable file half-way) rolls back every row of
 * the run — all batches are written in one transaction — and leaves a failed run with the reason.
 *
 * On the embedded default (PGlite, one backend) that transaction holds the database for the length
 * of the import (seconds for 50,000 rows) and other requests wait; on PostgreSQL they do not, and
 * two imports of the same kind are kept apart by an advisory lock.
 */
export async function runImport({ access, input }: { access: Access | null; input: ImportRunInput }): Promise<ImportRunResult> {
  const me = requireRole(access, 'registrar');
  const parsed = ZRunImport.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { userMessage: 'imports.errors.input', message: parsed.error.message });
  if (!input.filePath === !input.stream) throw new AppError('invalid_input', { message: 'exactly one of filePath and stream' });
  const { kind, fileName } = parsed.data;

  const source = await openRowSource(input.filePath ? { path: input.filePath } : { stream: input.stream! });
  try {
    const { mapping, problems } = checkMapping(kind, parsed.data.mapping, source.headers);
    if (problems.length) {
      throw new AppError('invalid_input', {
        userMessage: 'imports.mapping.invalid',
        message: `mapping: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`,
        fieldErrors: Object.fromEntries(problems.map((p) => [p.field, p.code])),
      });
    }
    const runId = randomUUID();
    const startedAt = new Date();
    const progress: Progress = { totalRows: 0, lastRow: 0 };
    try {
      return await withRls(me.ctx, (tx) => importInTx(tx, me, { runId, kind, fileName, mapping, source, progress }));
    } catch (e) {
      // Refused before anything was written (another import running): no run to record.
      if (e instanceof AppError && e.code === 'conflict') throw e;
      const failure = describeFailure(e, progress);
      const sha = await source.sha256().catch(() => NO_HASH);
      // If even this fails the database is unwell; the original error is the one worth reporting.
      await withRls(me.ctx, async (tx) => {
        await tx.query(
          `insert into public.import_runs (id, kind, file_name, file_sha256, format, encoding, mapping, status, failure, total_rows,
             started_by, started_by_name, started_at, finished_at)
           values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, 'failed', $8, $9, $10, $11, $12, now())`,
          [
            runId,
            kind,
            fileName,
            sha,
            source.format,
            source.encoding,
            JSON.stringify(mapping),
            failure,
            progress.totalRows,
            me.user.id,
            me.user.displayName,
            startedAt,
          ],
        );
        await audit(tx, me.ctx, {
          action: 'import.run',
          entityType: 'import_run',
          entityId: runId,
          actorRole: 'registrar',
          details: { kind, status: 'failed', file_sha256: sha, failure: failure.split('::')[0] },
        });
      }).catch((recordError: unknown) => {
        throw new AppError('internal', { message: `import failed (${String(e)}) and recording the failure failed too: ${String(recordError)}`, cause: e });
      });
      return {
        runId,
        status: 'failed',
        failure,
        format: source.format,
        encoding: source.encoding,
        totalRows: progress.totalRows,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        errorRows: 0,
        roster: null,
        fileSha256: sha,
        sameFileAs: null,
        error: e,
      };
    }
  } finally {
    source.close();
  }
}

function describeFailure(e: unknown, progress: Progress): string {
  const vars: Record<string, string> = { row: String(progress.lastRow) };
  if (e instanceof AppError) return `${e.userMessage.startsWith('imports.') ? e.userMessage : 'imports.failure.internal'}::${JSON.stringify(vars)}`;
  const pg = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown };
  if (typeof pg.code === 'string' && /^[0-9A-Z]{5}$/.test(pg.code)) {
    vars.code = pg.code;
    const constraint = pg.constraint_name ?? pg.constraint;
    if (typeof constraint === 'string') vars.constraint = constraint;
    return `imports.failure.database::${JSON.stringify(vars)}`;
  }
  return `imports.failure.internal::${JSON.stringify(vars)}`;
}

interface RunContext {
  runId: string;
  kind: ImportKind;
  fileName: string;
  mapping: Mapping;
  source: RowSource;
  progress: Progress;
}

async function importInTx(tx: Tx, me: Access, run: RunContext): Promise<ImportRunResult> {
  const { runId, kind, source, progress } = run;
  const [lock] = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1, $2) as locked', [IMPORT_LOCK_CLASS, IMPORT_KINDS.indexOf(kind)]);
  if (!lock?.locked) throw new AppError('conflict', { userMessage: 'imports.errors.busy', message: `another ${kind} import is running` });

  const departments = await tx.query<DepartmentRow>('select id, code, name_zh, name_en from public.departments');
  const validate = createRowValidator(kind, run.mapping, departmentResolver(departments));
  // The hash is known only at the end; until then the run carries a placeholder, never visible
  // outside this transaction.
  await tx.query(
    `insert into public.import_runs (id, kind, file_name, file_sha256, format, encoding, mapping, status, started_by, started_by_name)
     values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, 'running', $8, $9)`,
    [runId, kind, run.fileName, NO_HASH, source.format, source.encoding, JSON.stringify(run.mapping), me.user.id, me.user.displayName],
  );

  const cipher = getCipher();
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const roster: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const add = (into: UpsertCounts, c: UpsertCounts) => {
    into.inserted += c.inserted;
    into.updated += c.updated;
    into.unchanged += c.unchanged;
  };
  let batch: (PreparedRegistrar | PreparedAdmissions)[] = [];
  let errors: RowError[] = [];
  let errorRows = 0;
  let storedErrors = 0;

  // One write in flight while the next batch is parsed, validated and encrypted: the database
  // works while JavaScript does. Writes stay in order on the transaction's one connection; a
  // failed write is seen at the next enqueue (or the final await) and aborts the run.
  let inflight: Promise<void> = Promise.resolve();
  const enqueue = async (write: () => Promise<void>) => {
    await inflight;
    inflight = write();
    inflight.catch(() => {}); // observed by the next await, not an unhandled rejection
  };

  const flushRows = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    await enqueue(async () => {
      if (kind === 'registrar') {
        const json = batchJson(rows);
        add(counts, await upsertRegistrar(tx, runId, rows as PreparedRegistrar[], json));
        add(roster, await upsertRoster(tx, rows as PreparedRegistrar[], json));
      } else {
        add(counts, await upsertAdmissions(tx, runId, rows as PreparedAdmissions[]));
      }
    });
  };
  const flushErrors = async () => {
    const toStore = errors.slice(0, Math.max(0, MAX_STORED_ERRORS - storedErrors));
    errors = [];
    if (!toStore.length) return;
    storedErrors += toStore.length;
    await enqueue(() => insertRowErrors(tx, runId, toStore));
  };

  for await (const row of source.rows) {
    progress.totalRows++;
    progress.lastRow = row.rowNumber;
    const result = validate(row);
    if (!result.ok) {
      errorRows++;
      errors.push(...result.errors);
      if (errors.length >= 1000) await flushErrors();
      continue;
    }
    batch.push(
      kind === 'registrar' ? prepareRegistrar(cipher, result.record as RegistrarRecord) : prepareAdmissions(cipher, result.record as AdmissionsRecord),
    );
    if (batch.length >= BATCH_SIZE) await flushRows();
  }
  await flushRows();
  await flushErrors();
  await inflight;

  const sha = await source.sha256();
  const [same] = await tx.query<{ id: string; started_at: Date }>(
    `select id, started_at from public.import_runs where kind = $1 and file_sha256 = $2 and status = 'succeeded' and id <> $3
     order by started_at desc limit 1`,
    [kind, sha, runId],
  );
  await tx.query(
    `update public.import_runs set file_sha256 = $2, status = 'succeeded', total_rows = $3, inserted = $4, updated = $5, unchanged = $6,
       error_rows = $7, roster_inserted = $8, roster_updated = $9, finished_at = now()
     where id = $1`,
    [runId, sha, progress.totalRows, counts.inserted, counts.updated, counts.unchanged, errorRows, roster.inserted, roster.updated],
  );
  const rosterCounts = kind === 'registrar' ? { inserted: roster.inserted, updated: roster.updated } : null;
  await audit(tx, me.ctx, {
    action: 'import.run',
    entityType: 'import_run',
    entityId: runId,
    actorRole: 'registrar',
    details: {
      kind,
      status: 'succeeded',
      file_sha256: sha,
      format: source.format,
      encoding: source.encoding,
      total_rows: progress.totalRows,
      ...counts,
      error_rows: errorRows,
      roster: rosterCounts,
    },
  });
  return {
    runId,
    status: 'succeeded',
    failure: null,
    format: source.format,
    encoding: source.encoding,
    totalRows: progress.totalRows,
    ...counts,
    errorRows,
    roster: rosterCounts,
    fileSha256: sha,
    sameFileAs: same ? { runId: same.id, startedAt: same.started_at } : null,
  };
}
