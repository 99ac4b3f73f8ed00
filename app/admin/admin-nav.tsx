import Link from "next/link";

/** The admin sections: the tabs of /admin, and the Usage page. */
export const ADMIN_SECTIONS = [
  { id: "avatars", label: "Public avatars", href: "/admin" },
  { id: "tags", label: "Tags", href: "/admin?tab=tags" },
  { id: "jobs", label: "Recent jobs", href: "/admin?tab=jobs" },
  { id: "usage", label: "Usage", href: "/admin/usage" },
] as const;
export type AdminSectionId = (typeof ADMIN_SECTIONS)[number]["id"];

export function AdminNav({ current }: { current: AdminSectionId }) {
  return (
    <nav aria-label="Admin sections" className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-800">
      {ADMIN_SECTIONS.map((section) => (
        <Link
          key={section.id}
          href={section.href}
          aria-current={section.id === current ? "page" : undefined}
          className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 ${section.id === current ? "border-violet-400 text-white" : "border-transparent text-slate-400 hover:text-white"}`}
        >
          {section.label}
        </Link>
      ))}
    </nav>
  );
}
