"use client";
// The Usage page's period: the last 7, 30 or 90 UTC days, or custom days (both included).
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { buttonClass } from "../../_components/ui";
import { SegmentedControl } from "../../projects/[id]/segmented-control";
import { customPeriodError, MAX_PERIOD_DAYS, PRESETS, type PeriodChoice, type PeriodProblem } from "./period";
import { Field, inputClass } from "../../_components/form";

type OptionValue = (typeof PRESETS)[number] | "custom";

export function PeriodPicker({ choice, shown, onChange }: { choice: PeriodChoice; shown: { from: string; to: string } | null; onChange: (choice: PeriodChoice) => void }) {
  const t = useTranslations("usage.period");
  const OPTIONS: Array<{ value: OptionValue; label: string; ariaLabel?: string }> = [
    ...PRESETS.map((preset) => ({ value: preset, label: t("days", { count: Number(preset) }), ariaLabel: t("lastDays", { count: Number(preset) }) })),
    { value: "custom" as const, label: t("custom") },
  ];
  const [custom, setCustom] = useState(choice.preset === "custom");
  const [from, setFrom] = useState(choice.preset === "custom" ? choice.from : (shown?.from ?? ""));
  const [to, setTo] = useState(choice.preset === "custom" ? choice.to : (shown?.to ?? ""));
  const [problem, setProblem] = useState<PeriodProblem | null>(null);
  const error = problem ? t(`problems.${problem}`, { max: MAX_PERIOD_DAYS }) : null;

  const pick = (value: OptionValue) => {
    setProblem(null);
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
    const found = customPeriodError(from, to);
    setProblem(found);
    if (!found) onChange({ preset: "custom", from, to });
  };

  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="w-full sm:w-80">
        <SegmentedControl legend={t("legend")} name="usage-period" options={OPTIONS} value={custom ? "custom" : choice.preset} onChange={pick} />
      </div>
      {custom ? (
        <form onSubmit={apply} className="flex flex-wrap items-end gap-2" aria-label={t("customLabel")} noValidate>
          <Field id="usage-from" label={t("from")}>
            <input id="usage-from" type="date" value={from} onChange={(e) => { setFrom(e.target.value); setProblem(null); }} className={inputClass} aria-invalid={error ? true : undefined} aria-describedby={error ? "usage-period-error" : undefined} />
          </Field>
          <Field id="usage-to" label={t("to")}>
            <input id="usage-to" type="date" value={to} onChange={(e) => { setTo(e.target.value); setProblem(null); }} className={inputClass} aria-invalid={error ? true : undefined} aria-describedby={error ? "usage-period-error" : undefined} />
          </Field>
          <button type="submit" className={buttonClass.secondary}>
            {t("apply")}
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
