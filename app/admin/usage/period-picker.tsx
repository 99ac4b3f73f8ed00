"use client";
// The Usage page's period: the last 7, 30 or 90 UTC days, or custom days (both included).
import { useState, type FormEvent } from "react";
import { buttonClass } from "../../_components/ui";
import { SegmentedControl } from "../../projects/[id]/segmented-control";
import { customPeriodError, PRESETS, type PeriodChoice } from "./period";
import { Field, inputClass } from "../../_components/form";

const OPTIONS = [...PRESETS.map((preset) => ({ value: preset, label: `${preset} days`, ariaLabel: `Last ${preset} days` })), { value: "custom" as const, label: "Custom" }];

export function PeriodPicker({ choice, shown, onChange }: { choice: PeriodChoice; shown: { from: string; to: string } | null; onChange: (choice: PeriodChoice) => void }) {
  const [custom, setCustom] = useState(choice.preset === "custom");
  const [from, setFrom] = useState(choice.preset === "custom" ? choice.from : (shown?.from ?? ""));
  const [to, setTo] = useState(choice.preset === "custom" ? choice.to : (shown?.to ?? ""));
  const [error, setError] = useState<string | null>(null);

  const pick = (value: (typeof OPTIONS)[number]["value"]) => {
    setError(null);
    if (value !== "custom") {
      setCustom(false);
      return onChange({ preset: value });
    }
    setCustom(true);
    // Start from the days on screen.
    if (shown) {
      setFrom(shown.from);
      setTo(shown.to);
    }
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const problem = customPeriodError(from, to);
    setError(problem);
    if (!problem) onChange({ preset: "custom", from, to });
  };

  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="w-full sm:w-80">
        <SegmentedControl legend="Period (UTC days)" name="usage-period" options={OPTIONS} value={custom ? "custom" : choice.preset} onChange={pick} />
      </div>
      {custom ? (
        <form onSubmit={apply} className="flex flex-wrap items-end gap-2" aria-label="Custom period" noValidate>
          <Field id="usage-from" label="From">
            <input id="usage-from" type="date" value={from} onChange={(e) => { setFrom(e.target.value); setError(null); }} className={inputClass} aria-invalid={error ? true : undefined} aria-describedby={error ? "usage-period-error" : undefined} />
          </Field>
          <Field id="usage-to" label="To">
            <input id="usage-to" type="date" value={to} onChange={(e) => { setTo(e.target.value); setError(null); }} className={inputClass} aria-invalid={error ? true : undefined} aria-describedby={error ? "usage-period-error" : undefined} />
          </Field>
          <button type="submit" className={buttonClass.secondary}>
            Apply
          </button>
          {error ? (
            <p id="usage-period-error" role="alert" className="w-full text-sm text-rose-300">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
