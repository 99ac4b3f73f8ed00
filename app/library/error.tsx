"use client";
// Something failed while rendering the library: say so, offer to try again.
import { PageError } from "../_components/page-error";

export default function LibraryError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError error={error} reset={reset} backHref="/library" backLabel="Back to the library" />;
}
