import { headers } from "next/headers";
import Link from "next/link";
import { getEnv } from "@/_shared/lib/env";
import { getSessionUser } from "@/_shared/lib/session";

export const dynamic = "force-dynamic";

const SERVICE_LABELS: Record<string, string> = {
  postgres: "PostgreSQL (embedded)",
  s3: "Object storage (embedded s3rver)",
  cache: "Cache (in-process)",
  fal: "Generation (local Fal simulator)",
};

export default async function HomePage() {
  const user = await getSessionUser(await headers());
  const embedded = getEnv().EMBEDDED_SERVICES;
  return (
    <main>
      <h1>Better Ads</h1>
      <p className="muted">
        Turn a person&apos;s picture into a short silent avatar clip, and a prompt into b-roll, for your video ads.
      </p>
      <section className="panel">
        {user ? (
          <p>
            Signed in as <strong>{user.email}</strong>
            {user.role === "admin" ? <span className="badge ok">admin</span> : null}
          </p>
        ) : (
          <p>
            <Link className="button" href="/signin">
              Sign in with your email
            </Link>
          </p>
        )}
      </section>
      <section className="panel" aria-label="Services">
        <h2>Services</h2>
        {embedded.length ? (
          <p>
            Running on embedded services:{" "}
            {embedded.map((name) => (
              <span key={name} className="badge warn">
                {SERVICE_LABELS[name] ?? name}
              </span>
            ))}
          </p>
        ) : (
          <p className="muted">All services are configured externally.</p>
        )}
        <p className="muted">
          Health: <a href="/api/health">/api/health</a>
        </p>
      </section>
    </main>
  );
}
