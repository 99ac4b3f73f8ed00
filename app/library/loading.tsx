import { useTranslations } from "next-intl";
import { CardSkeletons } from "./card-skeletons";

export default function Loading() {
  const t = useTranslations("common");
  return (
    <main aria-busy="true">
      <p role="status" className="sr-only">
        {t("loadingEllipsis")}
      </p>
      <div className="mb-6 h-9 w-64 animate-pulse rounded-lg bg-slate-800" />
      <CardSkeletons count={6} />
    </main>
  );
}
