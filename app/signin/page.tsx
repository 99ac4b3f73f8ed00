import type { Metadata } from "next";
import { configuredSignInMethods } from "@/_shared/lib/auth";
import { cardClass } from "../_components/ui";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

/** What went wrong, by Auth.js error code (sign-in errors and its error page's codes alike). */
const SIGN_IN_ERRORS: Record<string, string> = {
  Verification: "This sign-in link has expired or has already been used. Ask for a new one below.",
  EmailSignin: "We could not send the sign-in email. Check the address and try again.",
  AccessDenied: "This account may not sign in here.",
  Configuration: "Sign-in is not set up correctly on the server. Try again later, or tell the team that runs this service.",
  OAuthAccountNotLinked: "This email is already used with another sign-in method: use that one, or ask for an email link.",
  SessionRequired: "Sign in to see this page.",
};
const OTHER_SIGN_IN_ERROR = "Sign-in failed. Try again, or ask for a new link below.";

/** The message for `?error=` (any other code, or a repeated one, gets the general message). */
function signInError(error: string | string[]): string {
  return typeof error === "string" && Object.hasOwn(SIGN_IN_ERRORS, error) ? SIGN_IN_ERRORS[error] : OTHER_SIGN_IN_ERROR;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ sent?: string; error?: string | string[]; next?: string }> }) {
  const { sent, error, next } = await searchParams;
  const methods = configuredSignInMethods();
  const callbackUrl = next?.startsWith("/") && !next.startsWith("//") ? next : "/projects";
  return (
    <main className="mx-auto max-w-md">
      <h1 className="mb-2 text-3xl font-bold text-white">Sign in</h1>
      <p className="mb-6 text-sm text-slate-400">Make silent avatar clips and b-rolls for your ads. No password: we email you a link.</p>
      <section className={`${cardClass} p-6`}>
        {sent ? (
          <div role="status">
            <p className="text-lg font-semibold text-white">Check your inbox.</p>
            <p className="mt-2 text-sm text-slate-400">
              {methods.email === "log"
                ? "No mail server is configured (development): the sign-in link was printed in the server log."
                : "We sent you a sign-in link. It is valid for 24 hours."}
            </p>
          </div>
        ) : (
          <>
            {error ? (
              <p role="alert" className="mb-4 rounded-lg bg-rose-500/10 p-3 text-sm text-rose-200" data-testid="sign-in-error">
                {signInError(error)}
              </p>
            ) : null}
            <SignInForm github={methods.github} google={methods.google} devLog={methods.email === "log"} callbackUrl={callbackUrl} />
          </>
        )}
      </section>
    </main>
  );
}
