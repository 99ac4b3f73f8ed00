"use client";
// Which model made a clip: "Made with <model>", or, when the image-to-video fallback made it, that the
// first model refused the face and which one made the clip instead (docs/faces.md).
import { useTranslations } from "next-intl";
import type { ClipModel } from "@/_shared/schemas/common";

export function ClipModelNote({ clipModel, onlyFallback = false, className = "" }: { clipModel: ClipModel; onlyFallback?: boolean; className?: string }) {
  const t = useTranslations("common.clipModel");
  if (!clipModel || (onlyFallback && !clipModel.fallbackFrom)) return null;
  return (
    <p className={`text-xs ${clipModel.fallbackFrom ? "text-amber-200" : "text-slate-400"} ${className}`} data-testid="clip-model">
      {clipModel.fallbackFrom ? t("fallback", { refused: clipModel.fallbackFrom.name, model: clipModel.name }) : t("madeWith", { model: clipModel.name })}
    </p>
  );
}
