/**
 * A horizontal bar chart as plain SVG, rendered on the server: no chart library reaches the
 * browser. The numbers are also given as a table (`caption` + rows) for screen readers.
 */
export function BarChart({
  data,
  label,
  caption,
  columns,
}: {
  data: { label: string; value: number }[];
  label: string;
  caption?: string;
  columns: [string, string];
}) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const rowH = 28;
  const labelW = 120;
  const width = 360;
  const barW = width - labelW - 40;
  return (
    <figure className="mt-2">
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${data.length * rowH + 4}`} className="w-full max-w-md" data-testid="bar-chart">
        {data.map((d, i) => (
          <g key={d.label} transform={`translate(0 ${i * rowH + 2})`}>
            <text x={labelW - 6} y={rowH / 2 + 4} textAnchor="end" fontSize="12" fill="#334155">
              {d.label.length > 12 ? `${d.label.slice(0, 11)}…` : d.label}
            </text>
            <rect x={labelW} y={4} width={Math.max(1, (d.value / max) * barW)} height={rowH - 10} rx={3} fill="#2563eb" />
            <text x={labelW + (d.value / max) * barW + 6} y={rowH / 2 + 4} fontSize="12" fill="#0f172a">
              {d.value}
            </text>
          </g>
        ))}
      </svg>
      <table className="sr-only">
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{columns[0]}</th>
            <th scope="col">{columns[1]}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <td>{d.label}</td>
              <td>{d.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
