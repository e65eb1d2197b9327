import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';

export interface RetentionRunRow {
  id: string;
  startedAt: Date;
  dryRun: boolean;
  cutoff: string;
  candidates: number;
  redacted: number;
  skipped: { student_number: string; reason: string }[];
}

/** The last runs, as RLS shows them to admins and the registrar. */
export async function listRetentionRuns({ access }: { access: Access | null }): Promise<RetentionRunRow[]> {
  const me = requireRole(access, 'admin', 'registrar');
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{ id: string; started_at: Date; dry_run: boolean; cutoff: string; candidates: number; redacted: number; skipped: unknown }>(
      `select id, started_at, dry_run, to_char(cutoff, 'YYYY-MM-DD') as cutoff, candidates, redacted, skipped from public.retention_runs order by started_at desc limit 20`,
    );
    return rows.map((r) => ({
      id: r.id,
      startedAt: new Date(r.started_at),
      dryRun: r.dry_run,
      cutoff: r.cutoff,
      candidates: r.candidates,
      redacted: r.redacted,
      skipped: typeof r.skipped === 'string' ? JSON.parse(r.skipped) : (r.skipped as RetentionRunRow['skipped']),
    }));
  });
}
