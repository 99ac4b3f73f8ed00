"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass } from "../_components/ui";
import { Field, inputClass } from "../_components/form";

export function SignInForm({ github, google, devLog, callbackUrl }: { github: boolean; google: boolean; devLog: boolean; callbackUrl: string }) {
  const [email, setEmail] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  const t = useTranslations("signin");
  return (
    <>
      <form
        className="space-y-3"
        onSubmit={async (event) => {
          event.preventDefault();
          setPending(true);
          setError(null);
          const result = await signIn("email", { email, callbackUrl, redirect: false });
          setPending(false);
          if (result?.error) setError(t("sendFailed"));
          else router.push("/signin?sent=1");
        }}
      >
        <Field id="email" label={t("email")}>
          <input id="email" type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} className={inputClass} placeholder={t("emailPlaceholder")} />
        </Field>
        {error ? <p role="alert" className="text-sm text-rose-300">{error}</p> : null}
        <button type="submit" disabled={pending} className={`${buttonClass.primary} w-full`}>
          {pending ? t("sending") : t("submit")}
        </button>
        {devLog ? <p className="text-xs text-slate-400">{t("devLog")}</p> : null}
      </form>
      {github || google ? (
        <div className="mt-4 grid gap-2">
          {github ? (
            <button type="button" className={buttonClass.secondary} onClick={() => signIn("github", { callbackUrl })}>
              {t("github")}
            </button>
          ) : null}
          {google ? (
            <button type="button" className={buttonClass.secondary} onClick={() => signIn("google", { callbackUrl })}>
              {t("google")}
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
