// DailyBars: a bar chart of daily values, drawn as SVG here (no chart library: the bundle stays
// small). One or two stacked series per day (e.g. ok + errors); the numbers are also in a
// visually hidden table for screen readers. Used by the dashboard and the Usage page.

export interface BarSeries {
  label: string;
  values: number[];
  /** CSS class of the bars: "bar" (brand tint) or "bar bad" (danger tint). */
  className: string;
}

export function DailyBars({
  id,
  title,
  days,
  series,
  highlightLast = false,
}: {
  id: string;
  title: string;
  /** "MM-DD" or "YYYY-MM-DD" labels, oldest first, one per bar. */
  days: string[];
  series: BarSeries[];
  highlightLast?: boolean;
}) {
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const w = 600;
  const h = 160;
  const bar = w / Math.max(1, days.length);
  const short = (d: string) => (d.length === 10 ? d.slice(5) : d);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${w} ${h + 20}`} role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{title}</title>
        <line x1="0" y1={h} x2={w} y2={h} className="axis" />
        {days.map((d, i) => {
          let y = h;
          return series.map((s, k) => {
            const v = s.values[i] ?? 0;
            const bh = (v / max) * (h - 10);
            y -= bh;
            const last = highlightLast && i === days.length - 1 && k === 0;
            return (
              <rect key={`${i}-${k}`} x={i * bar + 2} y={y} width={Math.max(1, bar - 4)} height={bh} className={last ? `${s.className} today` : s.className}>
                <title>
                  {short(d)}: {v} {s.label}
                </title>
              </rect>
            );
          });
        })}
        {days.length > 0 && (
          <>
            <text x="0" y={h + 16} className="tick">
              {short(days[0])}
            </text>
            <text x={w} y={h + 16} className="tick" textAnchor="end">
              {short(days[days.length - 1])}
            </text>
          </>
        )}
      </svg>
      <figcaption>
        {title} (highest: {totals.every((t) => t === 0) ? 0 : max})
        {series.length > 1 && (
          <span className="legend">
            {series.map((s) => (
              <span key={s.label}>
                <svg width="10" height="10" aria-hidden="true">
                  <rect width="10" height="10" className={s.className} />
                </svg>{" "}
                {s.label}
              </span>
            ))}
          </span>
        )}
      </figcaption>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <tbody>
          {days.map((d, i) => (
            <tr key={d}>
              <th scope="row">{d}</th>
              {series.map((s) => (
                <td key={s.label}>
                  {s.values[i] ?? 0} {s.label}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
