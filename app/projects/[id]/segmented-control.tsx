"use client";
// A row of mutually exclusive options built on native radio inputs (arrow keys, labels, form
// semantics for free), styled as a segmented control.
import type { ReactNode } from "react";

export function SegmentedControl<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  hint,
}: {
  legend: string;
  name: string;
  options: ReadonlyArray<{ value: T; label: ReactNode; ariaLabel?: string }>;
  value: T;
  onChange: (value: T) => void;
  hint?: ReactNode;
}) {
  return (
    <fieldset>
      <legend className="mb-1.5 text-sm font-medium text-slate-300">{legend}</legend>
      <div className="grid rounded-xl border border-slate-700 bg-slate-950/60 p-1" style={{ gridTemplateColumns: `repeat(${options.length}, minmax(0, 1fr))` }}>
        {options.map((option) => (
          <label key={option.value} className="relative cursor-pointer">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              aria-label={option.ariaLabel}
              className="peer absolute inset-0 h-full w-full cursor-pointer opacity-0"
            />
            <span className="flex min-h-9 items-center justify-center gap-1.5 rounded-lg px-2 py-1.5 text-xs font-medium text-slate-400 transition peer-checked:bg-violet-600 peer-checked:text-white peer-hover:text-slate-100 peer-focus-visible:outline peer-focus-visible:outline-2 peer-focus-visible:outline-violet-300">
              {option.label}
            </span>
          </label>
        ))}
      </div>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </fieldset>
  );
}

/** A small rectangle drawn in the given aspect ratio, for aspect-ratio options. */
export function AspectIcon({ ratio }: { ratio: string }) {
  const [w, h] = ratio.split(":").map(Number);
  const scale = 14 / Math.max(w, h);
  return <span aria-hidden className="inline-block rounded-[3px] border-[1.5px] border-current" style={{ width: Math.round(w * scale), height: Math.round(h * scale) }} />;
}
