"use client";
// Something failed while rendering the library: say so, offer to try again.
import { useTranslations } from "next-intl";
import { PageError } from "../_components/page-error";

export default function LibraryError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors.page");
  return <PageError error={error} reset={reset} backHref="/library" backLabel={t("backToLibrary")} />;
}
