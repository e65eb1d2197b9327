import { csvField } from '@/lib/domain/csv-safe';
import { apiRoute } from '@/lib/server/http/route';
import { processMetrics } from '@/lib/server/metrics/process-metrics';

// The shared neutraliser: this file had its own, which missed a leading tab or carriage return.
const cell = (v: unknown) => csvField(typeof v === 'number' ? v : v == null ? null : String(v));

/** The metrics as CSV sections (section, key, values…), same filters as the page. */
export const GET = apiRoute({ what: 'metrics export', auth: 'session', errors: 'text' }, async ({ access, url }) => {
  const sp = url.searchParams;
  const m = await processMetrics({
    access,
    input: {
      from: sp.get('from') || undefined,
      to: sp.get('to') || undefined,
      semester: sp.get('semester') || undefined,
      departmentId: sp.get('departmentId') ?? '',
      className: sp.get('className') ?? '',
    },
  });
  const lines = [['section', 'key', 'v1', 'v2', 'v3', 'v4'].join(',')];
  for (const w of m.decisionTimes) lines.push(['decision_time', w.week, w.decisions, w.returned, w.median_s, w.p90_s].map(cell).join(','));
  for (const r of m.topReasons) lines.push(['return_reason', r.target, r.n].map(cell).join(','));
  for (const w of m.workload) lines.push(['workload', w.reviewer, w.decisions, w.sla_breaches].map(cell).join(','));
  for (const c of m.cases) lines.push(['cases', c.kind, c.opened, c.closed, `${c.verified}/${c.corrected}/${c.merged}/${c.rejected}`].map(cell).join(','));
  for (const c of m.confirmation) lines.push(['confirmation', `${c.department} ${c.campaign}`, c.total, c.confirmed].map(cell).join(','));
  for (const c of m.classCompletion)
    lines.push(['class_completion', c.class_name, c.total, c.confirmed, c.weeks.map((w) => `${w.week}:${w.cumulative}`).join(' ')].map(cell).join(','));
  lines.push(['resubmissions', 'records', m.resubmissions.records, m.resubmissions.avg_resubmissions, m.resubmissions.max_resubmissions].map(cell).join(','));
  return new Response('\uFEFF' + lines.join('\r\n') + '\r\n', {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="metrics.csv"', 'cache-control': 'no-store' },
  });
});
