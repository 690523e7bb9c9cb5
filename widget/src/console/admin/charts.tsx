/**
 * Plain SVG charts, no library: a stacked bar per day for the outcome mix, and
 * a line per day against a shaded target band for rates and times. Every chart
 * has a text alternative (title + a table behind <details>), so the numbers are
 * readable without the picture.
 */
import type { ComponentChildren } from 'preact';

const WIDTH = 640;
const HEIGHT = 180;
// Labels are 15 user units and a chart is never drawn narrower than 440 px (it scrolls instead), so they stay ≥ 10 px on a phone.
const PAD = { left: 56, right: 8, top: 10, bottom: 28 };

export interface Series {
  label: string;
  color: string;
  values: (number | null)[];
}

const plotWidth = WIDTH - PAD.left - PAD.right;
const plotHeight = HEIGHT - PAD.top - PAD.bottom;

function xLabels(dates: string[]) {
  const step = Math.max(1, Math.ceil(dates.length / 7));
  return dates.map((date, index) =>
    index % step === 0 ? (
      <text x={PAD.left + ((index + 0.5) * plotWidth) / dates.length} y={HEIGHT - 8} text-anchor="middle">
        {date.slice(5)}
      </text>
    ) : null,
  );
}

function yAxis(max: number, format: (value: number) => string) {
  return [0, 0.5, 1].map((share) => {
    const y = PAD.top + plotHeight * (1 - share);
    return (
      <g>
        <line class="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
        <text x={PAD.left - 6} y={y + 5} text-anchor="end">
          {format(max * share)}
        </text>
      </g>
    );
  });
}

function Legend({ series }: { series: Series[] }) {
  return (
    <div class="legend">
      {series.map((item) => (
        <span>
          <i style={{ background: item.color }} />
          {item.label}
        </span>
      ))}
    </div>
  );
}

function DataTable({ dates, series, format }: { dates: string[]; series: Series[]; format: (value: number) => string }) {
  return (
    <details>
      <summary class="muted">Numbers</summary>
      <table>
        <thead>
          <tr>
            <th>Day</th>
            {series.map((item) => (
              <th>{item.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {dates.map((date, index) => (
            <tr>
              <td>{date}</td>
              {series.map((item) => (
                <td>{item.values[index] === null ? '—' : format(item.values[index]!)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Frame({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <title>{title}</title>
        {children}
      </svg>
    </div>
  );
}

/** Counts per day, stacked. */
export function StackedBars({ title, dates, series }: { title: string; dates: string[]; series: Series[] }) {
  const totals = dates.map((_, index) => series.reduce((sum, item) => sum + (item.values[index] ?? 0), 0));
  // An even top keeps the middle gridline a whole count (a top of 1 labelled its middle "1" too).
  const max = 2 * Math.ceil(Math.max(1, ...totals) / 2);
  const barWidth = (plotWidth / Math.max(1, dates.length)) * 0.7;
  return (
    <div class="chart" data-chart={title}>
      <Frame title={title}>
        {yAxis(max, (value) => String(Math.round(value)))}
        {dates.map((date, index) => {
          let y = PAD.top + plotHeight;
          const x = PAD.left + ((index + 0.15) * plotWidth) / dates.length;
          return series.map((item) => {
            const value = item.values[index] ?? 0;
            const height = (value / max) * plotHeight;
            y -= height;
            return value > 0 ? (
              <rect x={x} y={y} width={barWidth} height={height} fill={item.color} data-day={date} data-series={item.label}>
                <title>{`${date} · ${item.label}: ${value}`}</title>
              </rect>
            ) : null;
          });
        })}
        {xLabels(dates)}
      </Frame>
      <Legend series={series} />
      <DataTable dates={dates} series={series} format={String} />
    </div>
  );
}

/** Values per day as lines, over a shaded target band; missing days leave gaps. */
export function Lines({ title, dates, series, band, max, format }: { title: string; dates: string[]; series: Series[]; band?: { min: number; max: number }; max: number; format: (value: number) => string }) {
  const top = Math.max(max, ...series.flatMap((item) => item.values.filter((value): value is number => value !== null)));
  const x = (index: number) => PAD.left + ((index + 0.5) * plotWidth) / Math.max(1, dates.length);
  const y = (value: number) => PAD.top + plotHeight * (1 - value / (top || 1));
  return (
    <div class="chart" data-chart={title}>
      <Frame title={title}>
        {band && <rect class="band" x={PAD.left} width={plotWidth} y={y(Math.min(band.max, top))} height={y(band.min) - y(Math.min(band.max, top))} />}
        {yAxis(top, format)}
        {series.map((item) => {
          const segments: string[] = [];
          let current = '';
          item.values.forEach((value, index) => {
            if (value === null) {
              if (current) segments.push(current);
              current = '';
            } else current += `${current ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
          });
          if (current) segments.push(current);
          return (
            <g>
              {segments.map((path) => (
                <path class="line" d={path} stroke={item.color} />
              ))}
              {item.values.map((value, index) =>
                value === null ? null : (
                  <circle cx={x(index)} cy={y(value)} r={3} fill={item.color} data-day={dates[index]} data-series={item.label}>
                    <title>{`${dates[index]} · ${item.label}: ${format(value)}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
        {xLabels(dates)}
      </Frame>
      <Legend series={series} />
      <DataTable dates={dates} series={series} format={format} />
    </div>
  );
}

export const percent = (value: number) => `${Math.round(value * 100)}%`;

export function duration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}
