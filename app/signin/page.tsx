import type { Metadata } from "next";
import { configuredSignInMethods } from "@/_shared/lib/auth";
import { cardClass } from "../_components/ui";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ sent?: string; error?: string; next?: string }> }) {
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
              <p role="alert" className="mb-4 rounded-lg bg-rose-500/10 p-3 text-sm text-rose-200">
                Sign-in failed ({error}). Ask for a new link.
              </p>
            ) : null}
            <SignInForm github={methods.github} google={methods.google} devLog={methods.email === "log"} callbackUrl={callbackUrl} />
          </>
        )}
      </section>
    </main>
  );
}
