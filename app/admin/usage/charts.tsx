// Hand-made charts for the Usage page: bars per UTC day (SVG, stacked when there are several series)
// and horizontal bars (CSS). Each chart is a figure named by its caption, with a text summary for
// screen readers, and each bar tells its value on hover (SVG <title>, or the title attribute).
import { useId, type ReactNode } from "react";
import { useFormat } from "../../_lib/use-format";
import { formatDay } from "./usage-view";

export interface DaySeries<T> {
  label: string;
  /** Tailwind fill classes of its bars (and its legend swatch's background). */
  fill: string;
  swatch: string;
  value: (day: T) => number;
}

function Figure({ id, title, summary, legend, children, testId }: { id: string; title: string; summary: string; legend?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <figure className="min-w-0 rounded-2xl border border-slate-800 bg-slate-900/60 p-4" aria-labelledby={`${id}-title`} data-testid={testId}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <figcaption id={`${id}-title`} className="text-sm font-semibold text-slate-100">
          {title}
        </figcaption>
        {legend}
      </div>
      <p id={`${id}-summary`} className="sr-only">
        {summary}
      </p>
      {children}
    </figure>
  );
}

/** Bars per UTC day, the series stacked bottom-up. */
export function DayBarChart<T extends { day: string }>({
  title,
  summary,
  days,
  series,
  format,
  tooltip,
  testId,
}: {
  title: string;
  summary: string;
  days: T[];
  series: DaySeries<T>[];
  format: (value: number) => string;
  tooltip: (day: T) => string;
  testId: string;
}) {
  const id = useId();
  const { locale } = useFormat();
  const total = (day: T) => series.reduce((sum, s) => sum + s.value(day), 0);
  const max = Math.max(0, ...days.map(total));
  const slot = 10;
  const height = 100;
  const scale = (value: number) => (max ? Math.max((value / max) * height, value > 0 ? 1.5 : 0) : 0);
  const labelled = days.length <= 1 ? days : [days[0], days[Math.floor((days.length - 1) / 2)], days[days.length - 1]];
  const legend =
    series.length > 1 ? (
      <ul className="flex gap-3 text-xs text-slate-400" aria-hidden>
        {series.map((s) => (
          <li key={s.label} className="flex items-center gap-1.5">
            <span className={`h-2.5 w-2.5 rounded-sm ${s.swatch}`} />
            {s.label}
          </li>
        ))}
      </ul>
    ) : null;
  return (
    <Figure id={id} title={title} summary={summary} legend={legend} testId={testId}>
      <div className="flex gap-2">
        <div className="flex w-12 shrink-0 flex-col justify-between text-right text-[11px] tabular-nums text-slate-500" aria-hidden>
          <span>{format(max)}</span>
          <span>{format(0)}</span>
        </div>
        <svg
          role="img"
          aria-label={title}
          aria-describedby={`${id}-summary`}
          viewBox={`0 0 ${days.length * slot} ${height}`}
          preserveAspectRatio="none"
          className="h-40 w-full overflow-hidden"
        >
          <line x1={0} x2={days.length * slot} y1={0.5} y2={0.5} className="stroke-slate-800" vectorEffect="non-scaling-stroke" />
          <line x1={0} x2={days.length * slot} y1={height / 2} y2={height / 2} className="stroke-slate-800" strokeDasharray="4 4" vectorEffect="non-scaling-stroke" />
          <line x1={0} x2={days.length * slot} y1={height} y2={height} className="stroke-slate-700" vectorEffect="non-scaling-stroke" />
          {days.map((day, index) => {
            let top = height;
            return (
              <g key={day.day} className="group" data-testid="day-bar" data-day={day.day}>
                <title>{tooltip(day)}</title>
                <rect x={index * slot} y={0} width={slot} height={height} className="fill-transparent group-hover:fill-slate-800/60" />
                {series.map((s) => {
                  const h = scale(s.value(day));
                  top -= h;
                  return h ? <rect key={s.label} x={index * slot + slot * 0.15} y={top} width={slot * 0.7} height={h} className={s.fill} /> : null;
                })}
              </g>
            );
          })}
        </svg>
      </div>
      <div className="mt-1 flex justify-between pl-14 text-[11px] text-slate-500" aria-hidden>
        {labelled.map((day, index) => (
          <span key={`${day.day}-${index}`}>{formatDay(day.day, false, locale)}</span>
        ))}
      </div>
    </Figure>
  );
}

export interface HorizontalBar {
  key: string;
  label: string;
  sublabel?: string;
  value: number;
  display: string;
  tooltip: string;
}

/** One labelled bar per row, longest = full width. */
export function HorizontalBarChart({ title, summary, bars, empty, testId }: { title: string; summary: string; bars: HorizontalBar[]; empty: string; testId: string }) {
  const id = useId();
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  return (
    <Figure id={id} title={title} summary={summary} testId={testId}>
      {bars.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="space-y-2.5">
          {bars.map((bar) => (
            <li key={bar.key} title={bar.tooltip} className="group text-xs" data-testid="model-bar">
              <div className="mb-1 flex items-baseline justify-between gap-3">
                <span className="min-w-0 truncate font-mono text-slate-300">
                  {bar.label}
                  {bar.sublabel ? <span className="ml-1.5 font-sans text-slate-500">{bar.sublabel}</span> : null}
                </span>
                <span className="shrink-0 tabular-nums text-slate-200">{bar.display}</span>
              </div>
              <div className="h-2.5 rounded-full bg-slate-800">
                <div className="h-full rounded-full bg-sky-500 group-hover:bg-sky-300" style={{ width: `${max ? Math.max((bar.value / max) * 100, 1) : 0}%` }} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Figure>
  );
}
