"use client";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";

export function SignOutButton() {
  const t = useTranslations("nav");
  return (
    <button type="button" onClick={() => signOut({ callbackUrl: "/" })} className="text-sm text-slate-400 hover:text-white">
      {t("signOut")}
    </button>
  );
}
