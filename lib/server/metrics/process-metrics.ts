import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import { getEnv } from '../env';
import { runMetricQueries } from './queries';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const ZMetricsFilter = z.object({
  from: day.optional(),
  to: day.optional(),
  semester: z.string().max(50).optional(),
  departmentId: z
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  className: z
    .string()
    .trim()
    .max(50)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

/**
 * The process metrics for the verification office (every department) or a reviewer (theirs: RLS
 * on the rollups and the source tables). A semester picks its campaigns' window; otherwise the
 * last 12 weeks. SLA: the review target in working days, counted as calendar days × 24 h here.
 */
export async function processMetrics({ access, input }: { access: Access | null; input: z.input<typeof ZMetricsFilter> }) {
  const me = requireRole(access, 'reviewer', 'registrar');
  const f = ZMetricsFilter.parse(input);
  return withRls(me.ctx, async (tx) => {
    let from = f.from ?? new Date(Date.now() - 84 * 86400e3).toISOString().slice(0, 10);
    let to = f.to ?? new Date(Date.now() + 86400e3).toISOString().slice(0, 10);
    if (f.semester) {
      const [w] = await tx.query<{ from: string | null; to: string | null }>(
        `select (min(opens_at) at time zone 'Asia/Shanghai')::date::text as from, ((max(closes_at) at time zone 'Asia/Shanghai')::date + 1)::text as to from public.campaigns where semester = $1`,
        [f.semester],
      );
      if (w?.from && w.to) ({ from, to } = { from: w.from, to: w.to });
    }
    const semesters = await tx.query<{ semester: string }>('select distinct semester from public.campaigns order by 1 desc');
    const filter = { from, to, departmentId: f.departmentId ?? null, className: f.className ?? null };
    const data = await runMetricQueries(tx, filter, getEnv().review.targetWorkingDays * 86400);
    await audit(tx, me.ctx, {
      action: 'metrics.view',
      entityType: 'metrics',
      actorRole: me.grants.some((g) => g.role === 'registrar') ? 'registrar' : 'reviewer',
      details: { from, to },
    });
    return { filter, semesters: semesters.map((s) => s.semester), ...data };
  });
}
