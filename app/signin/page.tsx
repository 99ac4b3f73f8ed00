import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { configuredSignInMethods } from "@/_shared/lib/auth";
import { cardClass } from "../_components/ui";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signin"))("title") };
}

/** The Auth.js error codes (sign-in errors and its error page's codes alike) with a message of their own. */
const SIGN_IN_ERRORS = ["Verification", "EmailSignin", "AccessDenied", "Configuration", "OAuthAccountNotLinked", "SessionRequired"] as const;

/** The message key for `?error=` (any other code, or a repeated one, gets the general message). */
function signInError(error: string | string[]): `error.${(typeof SIGN_IN_ERRORS)[number] | "other"}` {
  const known = SIGN_IN_ERRORS.find((code) => code === error);
  return known ? `error.${known}` : "error.other";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ sent?: string; error?: string | string[]; next?: string }> }) {
  const [{ sent, error, next }, t] = await Promise.all([searchParams, getTranslations("signin")]);
  const methods = configuredSignInMethods();
  const callbackUrl = next?.startsWith("/") && !next.startsWith("//") ? next : "/projects";
  return (
    <main className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold text-white">{t("title")}</h1>
      <p className="mb-6 text-sm text-slate-400">{t("lead")}</p>
      <section className={`${cardClass} p-6`}>
        {sent ? (
          <div role="status">
            <p className="text-lg font-semibold text-white">{t("checkInbox")}</p>
            <p className="mt-2 text-sm text-slate-400">{methods.email === "log" ? t("sentLog") : t("sent")}</p>
          </div>
        ) : (
          <>
            {error ? (
              <p role="alert" className="mb-4 rounded-lg bg-rose-500/10 p-3 text-sm text-rose-200" data-testid="sign-in-error">
                {t(signInError(error))}
              </p>
            ) : null}
            <SignInForm github={methods.github} google={methods.google} devLog={methods.email === "log"} callbackUrl={callbackUrl} />
          </>
        )}
      </section>
    </main>
  );
}
