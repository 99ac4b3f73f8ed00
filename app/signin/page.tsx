import { configuredSignInMethods } from "@/_shared/lib/auth";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ sent?: string; error?: string }> }) {
  const { sent, error } = await searchParams;
  const methods = configuredSignInMethods();
  return (
    <main>
      <h1>Sign in</h1>
      {sent ? (
        <section className="panel" role="status">
          <p>
            <strong>Check your inbox.</strong>{" "}
            {methods.email === "log"
              ? "No mail server is configured (development): the sign-in link was printed in the server log."
              : "We sent you a sign-in link."}
          </p>
        </section>
      ) : (
        <section className="panel">
          {error ? <p role="alert">Sign-in failed ({error}). Ask for a new link.</p> : null}
          <SignInForm github={methods.github} google={methods.google} devLog={methods.email === "log"} />
        </section>
      )}
    </main>
  );
}
