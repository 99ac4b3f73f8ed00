import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getEnv } from "@/_shared/lib/env";
import { buttonClass, cardClass } from "./_components/ui";
import { currentUser } from "./_lib/page-auth";

export const dynamic = "force-dynamic";

const SERVICES = ["postgres", "s3", "cache", "fal"] as const;
const isKnownService = (name: string): name is (typeof SERVICES)[number] => (SERVICES as readonly string[]).includes(name);

export default async function HomePage() {
  const [user, t] = await Promise.all([currentUser(), getTranslations("home")]);
  const embedded = getEnv().EMBEDDED_SERVICES;
  return (
    <main className="space-y-8">
      <section className="py-6">
        <h1 className="max-w-2xl text-4xl font-bold tracking-tight text-white sm:text-5xl">{t("title")}</h1>
        <p className="mt-4 max-w-xl text-slate-400">{t("lead")}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          {user ? (
            <>
              <Link href="/projects" className={buttonClass.primary}>{t("openProjects")}</Link>
              <Link href="/studio" className={buttonClass.secondary}>{t("studio")}</Link>
            </>
          ) : (
            <>
              <Link href="/signin" className={buttonClass.primary}>{t("signIn")}</Link>
              <Link href="/library" className={buttonClass.secondary}>{t("browseLibrary")}</Link>
            </>
          )}
        </div>
      </section>
      <section className={`${cardClass} p-5`} aria-labelledby="services-heading">
        <h2 id="services-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-400">{t("services")}</h2>
        {embedded.length ? (
          <p className="mt-2 flex flex-wrap gap-2 text-sm">
            {t("embedded")}
            {embedded.map((name) => (
              <span key={name} className="rounded-full border border-amber-500/50 px-2 py-0.5 text-xs text-amber-200">
                {isKnownService(name) ? t(`service.${name}`) : name}
              </span>
            ))}
          </p>
        ) : (
          <p className="mt-2 text-sm text-slate-400">{t("external")}</p>
        )}
        <p className="mt-2 text-xs text-slate-400">
          {t.rich("health", { link: (chunks) => <a className="underline" href="/api/health">{chunks}</a> })}
        </p>
      </section>
    </main>
  );
}
