import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import type { ImportKind } from './mapping';

export interface ImportRunSummary {
  id: string;
  kind: ImportKind;
  fileName: string;
  fileSha256: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  status: 'running' | 'succeeded' | 'failed';
  failure: string | null;
  totalRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errorRows: number;
  rosterInserted: number;
  rosterUpdated: number;
  startedBy: string;
  startedByName: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export const RUN_COLUMNS = `id, kind, file_name, file_sha256, format, encoding, status, failure, total_rows, inserted, updated, unchanged,
  error_rows, roster_inserted, roster_updated, started_by, started_by_name, started_at, finished_at`;

export type RunRow = {
  id: string;
  kind: ImportKind;
  file_name: string;
  file_sha256: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  status: ImportRunSummary['status'];
  failure: string | null;
  total_rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  error_rows: number;
  roster_inserted: number;
  roster_updated: number;
  started_by: string;
  started_by_name: string | null;
  started_at: Date;
  finished_at: Date | null;
};

export function toSummary(r: RunRow): ImportRunSummary {
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    format: r.format,
    encoding: r.encoding,
    status: r.status,
    failure: r.failure,
    totalRows: r.total_rows,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    errorRows: r.error_rows,
    rosterInserted: r.roster_inserted,
    rosterUpdated: r.roster_updated,
    startedBy: r.started_by,
    startedByName: r.started_by_name,
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
  };
}

/** The most recent import runs, newest first (every registrar's: imports are the office's work, not one person's). */
export async function listImportRuns({
  access,
  input = {},
}: {
  access: Access | null;
  input?: { kind?: ImportKind; limit?: number };
}): Promise<ImportRunSummary[]> {
  const me = requireRole(access, 'registrar');
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 20), 1), 100);
  const kind = input.kind === 'registrar' || input.kind === 'admissions' ? input.kind : null;
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<RunRow>(`select ${RUN_COLUMNS} from public.import_runs where $1::text is null or kind = $1 order by started_at desc limit $2`, [
      kind,
      limit,
    ]);
    return rows.map(toSummary);
  });
}
