"use client";
// The star on a library card: the signed-in user's favourite, toggled at once (the request follows;
// on failure the star goes back and says why).
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api, errorMessage } from "../_lib/api-client";
import type { FavoriteResponse } from "@/_shared/schemas/library";

export function FavoriteButton({ avatarId, name, initial, onChange }: { avatarId: string; name: string; initial: boolean; onChange?: (favorite: boolean) => void }) {
  const t = useTranslations("library.favorites");
  const [on, setOn] = useState(initial);
  const [synced, setSynced] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (synced !== initial) {
    // A fresh listing says otherwise (another tab changed it): show the server's answer.
    setSynced(initial);
    setOn(initial);
  }
  async function toggle() {
    const next = !on;
    setOn(next);
    setBusy(true);
    setError(null);
    try {
      const res = await api<FavoriteResponse>(`/api/avatars/public/${encodeURIComponent(avatarId)}/favorite`, { method: next ? "PUT" : "DELETE" });
      setOn(res.favorite);
      onChange?.(res.favorite);
    } catch (e) {
      setOn(!next);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <button
      type="button"
      data-testid="favorite-toggle"
      aria-pressed={on}
      aria-label={t("toggle", { name })}
      title={error ?? (on ? t("remove") : t("add"))}
      disabled={busy}
      onClick={() => void toggle()}
      className={`flex h-8 w-8 items-center justify-center rounded-full bg-black/60 text-base leading-none hover:bg-black/80 focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 ${on ? "text-amber-300" : "text-white"} ${error ? "ring-2 ring-rose-400" : ""}`}
    >
      <svg viewBox="0 0 20 20" className="h-4 w-4" aria-hidden fill={on ? "currentColor" : "none"} stroke="currentColor" strokeWidth="1.6">
        <path d="M10 2.5l2.3 4.9 5.2.6-3.9 3.6 1.1 5.2L10 14.2l-4.7 2.6 1.1-5.2-3.9-3.6 5.2-.6z" strokeLinejoin="round" />
      </svg>
    </button>
  );
}
