// A uPlot line chart over time buckets: drawn on canvas, coloured from the theme, resized with its box.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StatsRange } from '../../../contract/index.ts';
import { useChartTheme } from './chart-colors.ts';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

const HEIGHT = 200;
const INTEGER_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 1e6, 1e7,
];

/**
 * The canvas is hidden from screen readers: the figure around it carries a caption with the totals and
 * a table of the same numbers.
 */
export function TimeChart({
  times,
  series,
  range,
  spanGaps = false,
  integer = false,
  unit,
}: {
  times: number[];
  series: ChartSeries[];
  range: StatsRange;
  /** Gauges are sampled once a minute: a missing sample is drawn across rather than as a break. */
  spanGaps?: boolean;
  /** Counts: no tick at 0.25 of a request. */
  integer?: boolean;
  /** Written after each value on the vertical axis (e.g. "ms"). */
  unit?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const theme = useChartTheme();
  const { i18n } = useTranslation();
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const tick = new Intl.DateTimeFormat(
      i18n.language,
      range === 'month' ? { day: 'numeric', month: 'short' } : { hour: '2-digit', minute: '2-digit' },
    );
    const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
    const axis = {
      stroke: theme.axis,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1 },
    };
    const chart = new uPlot(
      {
        width: el.clientWidth || 480,
        height: HEIGHT,
        cursor: { drag: { x: false, y: false } },
        // Labels only: the values are in the caption and the table, and a hover readout is no use by keyboard.
        legend: { live: false },
        scales: {
          x: { time: true },
          // Counts start at zero and a flat line of zeros still gets an axis to stand on.
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          { ...axis, values: (_u, splits) => splits.map((s) => tick.format(new Date(s * 1000))) },
          {
            ...axis,
            values: (_u, splits) =>
              splits.map((s) => (unit ? `${number.format(s)} ${unit}` : number.format(s))),
            ...(unit && { size: 64 }),
            ...(integer && { incrs: INTEGER_STEPS }),
          },
        ],
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: theme.series[i % theme.series.length],
            width: 2,
            spanGaps,
            // A line needs neighbours: sparse samples (a server just started, one timed minute) show as dots.
            points: { show: s.values.filter((v) => v !== null).length * 4 < times.length, size: 6 },
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : number.format(v)),
          })),
        ],
      },
      [times, ...series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, series, range, spanGaps, integer, unit, theme, i18n.language]);
  return <div ref={host} className="stats-chart" aria-hidden="true" />;
}
