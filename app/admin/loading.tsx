import { useTranslations } from "next-intl";
import { Spinner } from "../_components/ui";

export default function Loading() {
  const t = useTranslations("admin");
  return (
    <main className="py-10" aria-busy="true">
      <Spinner label={t("loading")} />
    </main>
  );
}
