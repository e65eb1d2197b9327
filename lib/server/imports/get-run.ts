import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import { RUN_COLUMNS, toSummary, type ImportRunSummary, type RunRow } from './list-runs';

export const RESULT_ERRORS_SHOWN = 200;

export interface ImportRunDetail extends ImportRunSummary {
  mapping: Record<string, string>;
  /** The first errors by row number; the full list is the CSV report. */
  errors: { rowNumber: number; column: string | null; code: string }[];
  errorCount: number;
  /** An earlier successful run of the same kind with the same file bytes. */
  sameFileAs: { runId: string; startedAt: Date } | null;
}

const ZRunId = z.uuid();

export async function getImportRun({ access, input }: { access: Access | null; input: { runId: string } }): Promise<ImportRunDetail> {
  const me = requireRole(access, 'registrar');
  const runId = ZRunId.safeParse(input.runId);
  if (!runId.success) throw new AppError('not_found', { message: 'run id is not a uuid' });
  return withRls(me.ctx, async (tx) => {
    const [run] = await tx.query<RunRow & { mapping: Record<string, string> }>(`select ${RUN_COLUMNS}, mapping from public.import_runs where id = $1`, [
      runId.data,
    ]);
    if (!run) throw new AppError('not_found', { message: `import run ${runId.data}` });
    const errors = await tx.query<{ row_number: number; column_name: string | null; code: string }>(
      `select row_number, column_name, code from public.import_row_errors where run_id = $1 order by row_number, id limit $2`,
      [runId.data, RESULT_ERRORS_SHOWN],
    );
    const [count] = await tx.query<{ n: number }>('select count(*)::int as n from public.import_row_errors where run_id = $1', [runId.data]);
    const [same] = await tx.query<{ id: string; started_at: Date }>(
      `select id, started_at from public.import_runs
       where kind = $1 and file_sha256 = $2 and status = 'succeeded' and started_at < $3 and id <> $4
       order by started_at desc limit 1`,
      [run.kind, run.file_sha256, run.started_at, run.id],
    );
    return {
      ...toSummary(run),
      mapping: run.mapping,
      errors: errors.map((e) => ({ rowNumber: e.row_number, column: e.column_name, code: e.code })),
      errorCount: count?.n ?? 0,
      sameFileAs: same ? { runId: same.id, startedAt: new Date(same.started_at) } : null,
    };
  });
}
