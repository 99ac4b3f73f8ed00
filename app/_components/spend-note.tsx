"use client";
// Today's estimated spend next to a price: "$18.70 of $20 today" against the daily cap, or the spend
// alone when there is no cap. Kept current by the tab's event stream (a charge anywhere updates it).
import { useTranslations } from "next-intl";
import { useFormat } from "../_lib/use-format";
import { useSpend } from "../_lib/use-progress";

export function SpendNote({ className = "" }: { className?: string }) {
  const t = useTranslations("progress");
  const format = useFormat();
  const spend = useSpend();
  if (!spend) return <span className={`inline-block min-h-4 ${className}`} aria-hidden />;
  const spent = format.usd(spend.spentTodayUsd);
  const near = spend.dailySpendCapUsd !== null && spend.remainingTodayUsd !== null && spend.remainingTodayUsd < spend.dailySpendCapUsd * 0.1;
  return (
    <span className={`text-xs ${near ? "text-amber-300" : "text-slate-400"} ${className}`} data-testid="spend-note">
      {spend.dailySpendCapUsd === null ? t("spend.today", { spent }) : t("spend.ofCap", { spent, cap: format.usd(spend.dailySpendCapUsd) })}
    </span>
  );
}
