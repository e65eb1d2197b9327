import type { T } from '@/lib/i18n';

const DAY = 86400e3;
const W = 720,
  H = 200,
  L = 44,
  R = 16,
  TOP = 16,
  B = 30;

/** 'YYYY-MM-DD' of an instant in Beijing time. */
function shanghaiDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  // A campaign lasts weeks; the cap only guards the drawing against a years-long window.
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= end && out.length < 400; d += DAY) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

/**
 * Cumulative confirmations per day (Beijing time) across the campaign's whole window, against the
 * number of students in scope, with today marked: how far along the campaign is in time and in
 * answers. A plain inline SVG drawn on the server — no chart library, no client JavaScript.
 */
export function CumulativeChart({
  t,
  series,
  total,
  opensAt,
  closesAt,
  now,
}: {
  t: T;
  series: { day: string; confirmed: number }[];
  total: number;
  opensAt: Date;
  closesAt: Date;
  now: Date;
}) {
  const first = [shanghaiDay(opensAt), series[0]?.day ?? '9999'].sort()[0]!;
  const last = [shanghaiDay(closesAt), series.at(-1)?.day ?? first].sort().at(-1)!;
  const days = daysBetween(first, last);
  const today = shanghaiDay(now);
  // Drawn up to today (or the last confirmation, after the window): the future has no values.
  const upTo = days.findLastIndex((d) => d <= (today < last ? today : last));
  const byDay = new Map(series.map((s) => [s.day, s.confirmed]));
  // the running total: a day without confirmations holds the previous day's count
  const values: number[] = [];
  for (const d of days.slice(0, upTo + 1)) values.push(byDay.get(d) ?? values.at(-1) ?? 0);
  const running = values.at(-1) ?? 0;
  const yMax = Math.max(total, running, 1);
  const plotW = W - L - R,
    plotH = H - TOP - B;
  const x = (i: number) => L + (days.length > 1 ? (i * plotW) / (days.length - 1) : plotW / 2);
  const y = (v: number) => TOP + plotH - (v / yMax) * plotH;
  // Steps: the count rises on the day confirmations arrive and holds until the next.
  const line = values.map((v, i) => (i ? `H${x(i).toFixed(1)} V${y(v).toFixed(1)}` : `M${x(0).toFixed(1)},${y(v).toFixed(1)}`)).join(' ');
  const area = values.length ? `${line} V${y(0)} H${x(0).toFixed(1)} Z` : '';
  const md = (d: string) => `${Number(d.slice(5, 7))}/${Number(d.slice(8, 10))}`;
  const ticks = [...new Set([0, Math.round(yMax / 2), yMax])];
  const summary = t('campaigns.chart.summary', { confirmed: running, total });
  const todayIndex = days.indexOf(today);
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  return (
    <figure className="rounded-2xl bg-white p-4 shadow-sm" data-testid="chart">
      <figcaption className="flex items-baseline justify-between text-sm">
        <span className="font-medium">{t('campaigns.chart.title')}</span>
        <span className="text-slate-500">{summary}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="mt-2 h-auto w-full" role="img" aria-label={`${t('campaigns.chart.title')}: ${summary}`}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={L} x2={W - R} y1={y(v)} y2={y(v)} stroke={v === 0 ? '#cbd5e1' : '#e2e8f0'} strokeDasharray={v === 0 ? undefined : '4 4'} />
            <text x={L - 8} y={y(v) + 4} textAnchor="end" fontSize="12" fill="#64748b">
              {v}
            </text>
          </g>
        ))}
        {todayIndex >= 0 && (
          <g>
            <line x1={x(todayIndex)} x2={x(todayIndex)} y1={TOP} y2={y(0)} stroke="#94a3b8" strokeDasharray="3 3" />
            <text x={x(todayIndex) + 4} y={TOP + 10} fontSize="11" fill="#64748b">
              {t('campaigns.chart.today')}
            </text>
          </g>
        )}
        {area && <path d={area} fill="#10b98126" />}
        {line && <path d={line} fill="none" stroke="#059669" strokeWidth="2.5" strokeLinejoin="round" />}
        {values.map((v, i) => (
          <circle key={days[i]} cx={x(i)} cy={y(v)} r={i === values.length - 1 ? 4 : 2.5} fill="#059669">
            <title>{`${md(days[i]!)}: ${v}`}</title>
          </circle>
        ))}
        {days.map(
          (d, i) =>
            (i % labelEvery === 0 || i === days.length - 1) && (
              <text
                key={d}
                x={x(i)}
                y={H - 8}
                fontSize="12"
                fill="#64748b"
                textAnchor={days.length === 1 ? 'middle' : i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle'}
              >
                {md(d)}
              </text>
            ),
        )}
      </svg>
    </figure>
  );
}
