"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass } from "../_components/ui";
import { Field, inputClass } from "../_components/form";

export function SignInForm({ github, google, devLog, callbackUrl }: { github: boolean; google: boolean; devLog: boolean; callbackUrl: string }) {
  const [email, setEmail] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
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
          if (result?.error) setError("We could not send the link. Check the address and try again.");
          else router.push("/signin?sent=1");
        }}
      >
        <Field id="email" label="Email">
          <input id="email" type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} className={inputClass} placeholder="you@company.com" />
        </Field>
        {error ? <p role="alert" className="text-sm text-rose-300">{error}</p> : null}
        <button type="submit" disabled={pending} className={`${buttonClass.primary} w-full`}>
          {pending ? "Sending…" : "Email me a sign-in link"}
        </button>
        {devLog ? <p className="text-xs text-slate-500">Development: the link will be printed in the server log.</p> : null}
      </form>
      {github || google ? (
        <div className="mt-4 grid gap-2">
          {github ? (
            <button type="button" className={buttonClass.secondary} onClick={() => signIn("github", { callbackUrl })}>
              Continue with GitHub
            </button>
          ) : null}
          {google ? (
            <button type="button" className={buttonClass.secondary} onClick={() => signIn("google", { callbackUrl })}>
              Continue with Google
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
