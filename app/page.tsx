import Link from "next/link";
import { getEnv } from "@/_shared/lib/env";
import { buttonClass, cardClass } from "./_components/ui";
import { currentUser } from "./_lib/page-auth";

export const dynamic = "force-dynamic";

const SERVICE_LABELS: Record<string, string> = {
  postgres: "PostgreSQL (embedded)",
  s3: "Object storage (embedded s3rver)",
  cache: "Cache (in-process)",
  fal: "Generation (local Fal simulator)",
};

export default async function HomePage() {
  const user = await currentUser();
  const embedded = getEnv().EMBEDDED_SERVICES;
  return (
    <main className="space-y-8">
      <section className="py-6">
        <h1 className="max-w-2xl text-4xl font-bold tracking-tight text-white sm:text-5xl">Avatar clips and b-roll for your video ads.</h1>
        <p className="mt-4 max-w-xl text-slate-400">
          Describe a person or upload a photo and get a short silent clip of them; turn a prompt, or a prompt and an image, into b-roll. Reuse everything across your projects.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          {user ? (
            <>
              <Link href="/projects" className={buttonClass.primary}>Open my projects</Link>
              <Link href="/studio" className={buttonClass.secondary}>Avatar studio</Link>
            </>
          ) : (
            <>
              <Link href="/signin" className={buttonClass.primary}>Sign in with your email</Link>
              <Link href="/library" className={buttonClass.secondary}>Browse the avatar library</Link>
            </>
          )}
        </div>
      </section>
      <section className={`${cardClass} p-5`} aria-label="Services">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-400">Services</h2>
        {embedded.length ? (
          <p className="mt-2 flex flex-wrap gap-2 text-sm">
            Running on embedded services:
            {embedded.map((name) => (
              <span key={name} className="rounded-full border border-amber-500/50 px-2 py-0.5 text-xs text-amber-200">
                {SERVICE_LABELS[name] ?? name}
              </span>
            ))}
          </p>
        ) : (
          <p className="mt-2 text-sm text-slate-400">All services are configured externally.</p>
        )}
        <p className="mt-2 text-xs text-slate-500">
          Health: <a className="underline" href="/api/health">/api/health</a> · API description in the README
        </p>
      </section>
    </main>
  );
}
