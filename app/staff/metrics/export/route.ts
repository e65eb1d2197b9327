import { getAccess } from '@/lib/server/auth/session';
import { toAppError } from '@/lib/server/errors';
import { processMetrics } from '@/lib/server/metrics/process-metrics';

const cell = (v: unknown) => {
  const s = String(v ?? '');
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The metrics as CSV sections (section, key, values…), same filters as the page. */
export async function GET(req: Request) {
  const sp = new URL(req.url).searchParams;
  try {
    const m = await processMetrics({
      access: await getAccess(),
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
  } catch (e) {
    const err = toAppError(e);
    return new Response(err.code, { status: err.code === 'forbidden' ? 403 : err.code === 'unauthenticated' ? 401 : err.code === 'invalid_input' ? 400 : 500 });
  }
}
