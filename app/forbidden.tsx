import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "./_components/ui";
import { currentUser } from "./_lib/page-auth";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("errors.forbidden"))("title") };
}

/** What a signed-in non-admin sees on any admin page (requireAdmin -> forbidden(), HTTP 403). */
export default async function Forbidden() {
  const [user, t] = await Promise.all([currentUser(), getTranslations("errors.forbidden")]);
  return (
    <main className="mx-auto max-w-lg py-10 text-center" data-testid="forbidden">
      <p className="text-sm font-semibold uppercase tracking-wide text-rose-300">{t("eyebrow")}</p>
      <h1 className="mt-2 text-3xl font-bold text-white">{t("title")}</h1>
      <p className="mt-3 break-words text-slate-400">
        {t.rich("body", { email: user?.email ?? t("anAccount"), who: (chunks) => <span className="text-slate-200">{chunks}</span> })}
      </p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link href="/library" className={buttonClass.primary}>
          {t("library")}
        </Link>
        <Link href="/projects" className={buttonClass.secondary}>
          {t("projects")}
        </Link>
      </div>
    </main>
  );
}
