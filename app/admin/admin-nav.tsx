import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** The admin sections: the tabs of /admin, and the Usage page. */
const ADMIN_SECTIONS = [
  { id: "avatars", href: "/admin" },
  { id: "tags", href: "/admin?tab=tags" },
  { id: "presets", href: "/admin?tab=presets" },
  { id: "jobs", href: "/admin?tab=jobs" },
  { id: "usage", href: "/admin/usage" },
] as const;
type AdminSectionId = (typeof ADMIN_SECTIONS)[number]["id"];

export async function AdminNav({ current }: { current: AdminSectionId }) {
  const t = await getTranslations("admin.nav");
  return (
    <nav aria-label={t("label")} className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-800">
      {ADMIN_SECTIONS.map((section) => (
        <Link
          key={section.id}
          href={section.href}
          aria-current={section.id === current ? "page" : undefined}
          className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 ${section.id === current ? "border-violet-400 text-white" : "border-transparent text-slate-400 hover:text-white"}`}
        >
          {t(section.id)}
        </Link>
      ))}
    </nav>
  );
}
