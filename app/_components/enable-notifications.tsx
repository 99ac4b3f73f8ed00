"use client";
// Offers the browser's notifications for finished clips. The browser is asked only when the user
// clicks (never on load); once they answered, the control says what they chose.
import { useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";

type Permission = NotificationPermission | "unsupported";

const current = (): Permission => (typeof Notification === "undefined" ? "unsupported" : Notification.permission);
// Every control on the page shows the user's answer once they gave it.
const answered = new Set<() => void>();
const subscribe = (listener: () => void) => {
  answered.add(listener);
  return () => {
    answered.delete(listener);
  };
};
const ask = () =>
  void Notification.requestPermission()
    .catch(() => undefined)
    .then(() => answered.forEach((listener) => listener()));

/** `offerOnly`: show nothing once the user has answered (inside a toast, say). */
export function EnableNotifications({ className = "", offerOnly = false }: { className?: string; offerOnly?: boolean }) {
  const t = useTranslations("progress");
  const permission = useSyncExternalStore(subscribe, current, () => null);
  if (permission === null || permission === "unsupported" || (offerOnly && permission !== "default")) return null;
  if (permission === "granted") return <p className={`text-xs text-slate-500 ${className}`}>{t("notifications.on")}</p>;
  if (permission === "denied") return <p className={`text-xs text-slate-500 ${className}`}>{t("notifications.blocked")}</p>;
  return (
    <button
      type="button"
      data-testid="enable-notifications"
      className={`rounded-lg text-xs font-medium text-violet-300 underline-offset-2 hover:text-violet-200 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-300 ${className}`}
      onClick={ask}
    >
      {t("notifications.enable")}
    </button>
  );
}
