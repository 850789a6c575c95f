import type { ComponentChildren } from 'preact';

/** One bar: its label, its value and the text shown for it. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
  /** A shorter text to draw beside the bar; the table shows `text`. */
  readonly short?: string;
}

/** A chart's text alternative: the same numbers as a table, folded under the chart. */
function DataTable({
  caption,
  headers,
  rows,
}: {
  readonly caption: string;
  readonly headers: readonly [string, string];
  readonly rows: readonly Bar[];
}) {
  return (
    <details class="chart-data">
      <summary>Data as a table</summary>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{headers[0]}</th>
            <th scope="col">{headers[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Figure({
  id,
  title,
  summary,
  children,
}: {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly children: ComponentChildren;
}) {
  return (
    <figure class="chart" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <figcaption>
        <span id={`${id}-title`} class="chart-title">
          {title}
        </span>
        <span id={`${id}-summary`} class="muted">
          {' '}
          {summary}
        </span>
      </figcaption>
      {children}
    </figure>
  );
}

// A narrow drawing scaled to the card: at phone width it is drawn about 1:1, so its text stays readable.
const WIDTH = 320;
const ROW = 42;

/**
 * Horizontal bars scaled to `max`, each with its label above and its text at the right, in plain SVG (the page
 * draws two small charts; a charting library would outweigh the rest of the bundle). The SVG is one image with
 * a summary for screen readers; the table under it holds every number.
 */
export function BarChart({
  id,
  title,
  summary,
  description,
  bars,
  max,
  headers,
}: {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** Every value in words, read out for the SVG. */
  readonly description: string;
  readonly bars: readonly Bar[];
  readonly max: number;
  readonly headers: readonly [string, string];
}) {
  return (
    <Figure id={id} title={title} summary={summary}>
      <svg
        class="bar-chart"
        viewBox={`0 0 ${WIDTH} ${bars.length * ROW}`}
        role="img"
        aria-label={description}
      >
        {bars.map((bar, index) => {
          const y = index * ROW;
          const width = max > 0 ? Math.max((bar.value / max) * WIDTH, bar.value > 0 ? 2 : 0) : 0;
          return (
            <g key={bar.label} data-value={bar.value}>
              <text x="0" y={y + 14}>
                {bar.label}
              </text>
              <text x={WIDTH} y={y + 14} text-anchor="end" class="value">
                {bar.short ?? bar.text}
              </text>
              <rect x="0" y={y + 20} width={WIDTH} height="12" class="track" rx="3" />
              <rect x="0" y={y + 20} width={width} height="12" class="bar" rx="3" />
            </g>
          );
        })}
      </svg>
      <DataTable caption={title} headers={headers} rows={bars} />
    </Figure>
  );
}

const COLUMN_HEIGHT = 130;
const MAX_COLUMN = 40;

/** Columns over time (one per day), oldest left, with the first and last dates under them. */
export function ColumnChart({
  id,
  title,
  summary,
  columns,
  headers,
}: {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly columns: readonly Bar[];
  readonly headers: readonly [string, string];
}) {
  const max = Math.max(1, ...columns.map((c) => c.value));
  const step = WIDTH / Math.max(columns.length, 1);
  const barWidth = Math.max(Math.min(step - Math.min(4, step / 4), MAX_COLUMN), 1);
  const first = columns[0];
  const last = columns.at(-1);
  return (
    <Figure id={id} title={title} summary={summary}>
      <svg
        class="column-chart"
        viewBox={`0 0 ${WIDTH} ${COLUMN_HEIGHT + 24}`}
        role="img"
        aria-label={`${title}: ${summary}`}
      >
        <line x1="0" x2={WIDTH} y1={COLUMN_HEIGHT} y2={COLUMN_HEIGHT} class="baseline" />
        <text x="0" y="10" class="axis">
          {max}
        </text>
        {columns.map((column, index) => {
          const height = (column.value / max) * (COLUMN_HEIGHT - 16);
          return (
            <rect
              key={column.label}
              x={index * step + (step - barWidth) / 2}
              y={COLUMN_HEIGHT - height}
              width={barWidth}
              height={height}
              class="bar"
              data-value={column.value}
            >
              <title>{`${column.label}: ${column.text}`}</title>
            </rect>
          );
        })}
        {first && (
          <text x="0" y={COLUMN_HEIGHT + 18} class="axis">
            {first.label}
          </text>
        )}
        {last && last !== first && (
          <text x={WIDTH} y={COLUMN_HEIGHT + 18} text-anchor="end" class="axis">
            {last.label}
          </text>
        )}
      </svg>
      <DataTable caption={title} headers={headers} rows={columns} />
    </Figure>
  );
}
