"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export function SignInForm({ github, google, devLog }: { github: boolean; google: boolean; devLog: boolean }) {
  const [email, setEmail] = useState("");
  const [pending, setPending] = useState(false);
  return (
    <>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setPending(true);
          await signIn("email", { email, callbackUrl: "/" });
        }}
      >
        <div className="row">
          <div>
            <label htmlFor="email">Email</label>
            <input id="email" type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <button type="submit" disabled={pending}>
            {pending ? "Sending…" : "Email me a sign-in link"}
          </button>
        </div>
        {devLog ? <p className="muted">Development: the link will be printed in the server log.</p> : null}
      </form>
      {github || google ? (
        <p>
          {github ? (
            <button type="button" className="button secondary" onClick={() => signIn("github", { callbackUrl: "/" })}>
              Continue with GitHub
            </button>
          ) : null}{" "}
          {google ? (
            <button type="button" className="button secondary" onClick={() => signIn("google", { callbackUrl: "/" })}>
              Continue with Google
            </button>
          ) : null}
        </p>
      ) : null}
    </>
  );
}
