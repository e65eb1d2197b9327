import type { T } from '@/lib/i18n';
import type { ClassCompletion } from '@/lib/server/metrics/queries';

/**
 * Confirmation completion per class: the share confirmed, and a server-rendered SVG line of the
 * cumulative count by week (no chart library reaches the browser). The same numbers are in the
 * table cells and in the line's accessible name.
 */
export function ClassCompletionSection({ rows, t }: { rows: ClassCompletion[]; t: T }) {
  const th = 'px-2 py-1 text-left font-medium';
  return (
    <section className="rounded-2xl bg-white p-5 shadow-sm" data-testid="metrics-class-completion">
      <h2 className="font-semibold">{t('metrics.classCompletion')}</h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t('metrics.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="mt-2 text-sm">
            <thead>
              <tr>
                <th className={th}>{t('metrics.className')}</th>
                <th className={th}>{t('metrics.classTotal')}</th>
                <th className={th}>{t('metrics.classConfirmed')}</th>
                <th className={th}>{t('metrics.completion')}</th>
                <th className={th}>{t('metrics.classTrend')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.class_name} data-testid="class-completion-row">
                  <td className="px-2 whitespace-nowrap">{r.class_name}</td>
                  <td className="px-2">{r.total}</td>
                  <td className="px-2">{r.confirmed}</td>
                  <td className="px-2">{Math.round((r.confirmed / Math.max(1, r.total)) * 100)}%</td>
                  <td className="px-2">
                    <Trend row={r} t={t} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Trend({ row, t }: { row: ClassCompletion; t: T }) {
  const w = 120;
  const h = 28;
  const n = row.weeks.length;
  if (n === 0) return <span className="text-slate-500">—</span>;
  const x = (i: number) => (n === 1 ? w / 2 : 2 + (i * (w - 4)) / (n - 1));
  const y = (v: number) => h - 2 - (v / Math.max(1, row.total)) * (h - 4);
  const points = row.weeks.map((p, i) => `${x(i).toFixed(1)},${y(p.cumulative).toFixed(1)}`).join(' ');
  const label = t('metrics.classTrendLabel', {
    cls: row.class_name,
    points: row.weeks.map((p) => t('metrics.classWeekPoint', { week: p.week, n: p.cumulative })).join('；'),
  });
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${w} ${h}`} width={w} height={h} data-testid="class-trend">
      <line x1="0" y1={h - 2} x2={w} y2={h - 2} stroke="#cbd5e1" strokeWidth="1" />
      <polyline points={points} fill="none" stroke="#2563eb" strokeWidth="2" />
      {row.weeks.map((p, i) => (
        <circle key={p.week} cx={x(i)} cy={y(p.cumulative)} r="2.5" fill="#2563eb" />
      ))}
    </svg>
  );
}
