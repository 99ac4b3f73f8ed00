"use client";
// What the studio's motion prompts share: the motion presets as chips (a click fills the prompt and
// sets the options the preset needs), and the seed lock (locked, the next request sends that seed,
// so only the changed prompt differs).
import { useTranslations } from "next-intl";
import { useApi } from "../_lib/use-resource";
import type { MotionPresetListResponse, MotionPresetResponse } from "@/_shared/schemas/motion-preset";

/** The presets (GET /api/motion-presets), read once per page; empty while loading or when unavailable. */
export function useMotionPresets(): MotionPresetResponse[] {
  return useApi<MotionPresetListResponse>("/api/motion-presets").data?.presets ?? [];
}

export function PresetChips({ presets, selected, onPick, label }: { presets: MotionPresetResponse[]; selected?: string | null; onPick: (preset: MotionPresetResponse) => void; label: string }) {
  if (!presets.length) return null;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label={label}>
      {presets.map((preset) => (
        <li key={preset.id}>
          <button
            type="button"
            data-testid="motion-preset"
            aria-pressed={selected === preset.id}
            title={preset.prompt}
            onClick={() => onPick(preset)}
            className={`rounded-full border px-2.5 py-1 text-xs focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 ${selected === preset.id ? "border-violet-400 bg-violet-500/20 text-white" : "border-slate-700 text-slate-300 hover:border-slate-500 hover:text-white"}`}
          >
            {preset.label}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The lock next to a prompt: shows the seed it would send; disabled until a seed is known. */
export function SeedLock({ seed, locked, onToggle, testId }: { seed: number | null; locked: boolean; onToggle: (locked: boolean) => void; testId?: string }) {
  const t = useTranslations("studio.seed");
  return (
    <button
      type="button"
      data-testid={testId}
      aria-pressed={locked && seed !== null}
      disabled={seed === null}
      onClick={() => onToggle(!locked)}
      title={seed === null ? t("unknown") : locked ? t("unlockHint") : t("lockHint")}
      className={`inline-flex items-center gap-1.5 rounded-lg border px-2 py-1 text-xs focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 disabled:cursor-not-allowed disabled:opacity-50 ${locked && seed !== null ? "border-amber-400/70 bg-amber-500/10 text-amber-100" : "border-slate-700 text-slate-300 hover:border-slate-500"}`}
    >
      <svg viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden>
        <rect x="3" y="7" width="10" height="7" rx="1.5" />
        {locked && seed !== null ? <path d="M5.5 7V5a2.5 2.5 0 015 0v2" /> : <path d="M5.5 7V5a2.5 2.5 0 014.9-.7" />}
      </svg>
      {seed === null ? t("noSeed") : locked ? t("locked", { seed }) : t("lock", { seed })}
    </button>
  );
}
