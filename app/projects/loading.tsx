import { getTranslations } from "next-intl/server";
import { Spinner } from "../_components/ui";

export default async function Loading() {
  const t = await getTranslations("projects");
  return (
    <main className="py-10" aria-busy="true">
      <Spinner label={t("loading")} />
    </main>
  );
}
