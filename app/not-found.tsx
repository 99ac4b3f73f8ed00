import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "./_components/ui";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("errors.notFound"))("title") };
}

/** Any URL that matches no page (HTTP 404), in the app's layout rather than the framework's page. */
export default async function NotFound() {
  const t = await getTranslations("errors.notFound");
  return (
    <main className="mx-auto max-w-lg py-10 text-center" data-testid="not-found">
      <p className="text-sm font-semibold uppercase tracking-wide text-violet-300">{t("eyebrow")}</p>
      <h1 className="mt-2 text-3xl font-bold text-white">{t("title")}</h1>
      <p className="mt-3 text-slate-400">{t("body")}</p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link href="/projects" className={buttonClass.primary}>
          {t("projects")}
        </Link>
        <Link href="/library" className={buttonClass.secondary}>
          {t("library")}
        </Link>
      </div>
    </main>
  );
}
