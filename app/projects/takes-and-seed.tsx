"use client";
// How many takes to make (1-4 clips of the same request, each with its own seed) and the seed lock:
// locked, the first take uses the seed shown (the others the next ones), so a changed prompt can be
// tried on the same seed; unlocked, every take gets a random seed. Shared by the "New b-roll" panel
// and "Edit prompt and regenerate" / "More like this".
import { useTranslations } from "next-intl";
import { MAX_TAKES } from "@/_shared/schemas/b-roll";
import { controlProps, FieldError, inputClass } from "../_components/form";
import { SegmentedControl } from "./[id]/segmented-control";

const TAKE_CHOICES = Array.from({ length: MAX_TAKES }, (_, i) => String(i + 1));

export interface TakesAndSeedState {
  takes: number;
  seedLocked: boolean;
  /** The seed field as typed. */
  seed: string;
}

/** The body fields the state stands for (`takes` when more than one, `seed` when locked), or the seed field's problem. */
export function takesAndSeedFields({ takes, seedLocked, seed }: TakesAndSeedState): { fields: { takes?: number; seed?: number } } | { seedMissing: true } {
  if (seedLocked && seed.trim() === "") return { seedMissing: true };
  return { fields: { ...(takes > 1 ? { takes } : {}), ...(seedLocked ? { seed: Number(seed) } : {}) } };
}

export function TakesAndSeed({
  idPrefix,
  value,
  onChange,
  errors,
}: {
  idPrefix: string;
  value: TakesAndSeedState;
  onChange: (next: TakesAndSeedState) => void;
  errors: Record<string, string | undefined>;
}) {
  const t = useTranslations("projects.takes");
  const seedId = `${idPrefix}-seed`;
  return (
    <div className="space-y-3">
      <SegmentedControl<string>
        legend={t("takes")}
        name={`${idPrefix}-takes`}
        value={String(value.takes)}
        onChange={(takes) => onChange({ ...value, takes: Number(takes) })}
        options={TAKE_CHOICES.map((n) => ({ value: n, label: n, ariaLabel: t("takesLabel", { count: Number(n) }) }))}
        hint={t("takesHint")}
      />
      <FieldError id={`${idPrefix}-takes`} error={errors.takes} />
      <div>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <label className="inline-flex min-h-9 cursor-pointer items-center gap-2 text-sm font-medium text-slate-300">
            <input
              type="checkbox"
              checked={value.seedLocked}
              onChange={(e) => onChange({ ...value, seedLocked: e.target.checked })}
              className="h-4 w-4 rounded border-slate-600 bg-slate-900 accent-violet-500"
              data-testid={`${idPrefix}-lock-seed`}
            />
            {t("lockSeed")}
          </label>
          <label htmlFor={seedId} className="sr-only">
            {t("seed")}
          </label>
          <input
            {...controlProps(seedId, errors.seed)}
            data-field="seed"
            inputMode="numeric"
            value={value.seed}
            disabled={!value.seedLocked}
            placeholder={t("seedPlaceholder")}
            onChange={(e) => onChange({ ...value, seed: e.target.value.replace(/[^\d]/g, "") })}
            className={`${inputClass} w-36 min-w-0 flex-1 tabular-nums disabled:opacity-50`}
          />
        </div>
        <p className="mt-1 text-xs text-slate-500">{t(value.seedLocked ? "lockedHint" : "randomHint")}</p>
        <FieldError id={seedId} error={errors.seed} />
      </div>
    </div>
  );
}
