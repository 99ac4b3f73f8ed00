"use client";
// Something failed while rendering the studio: say so, offer to try again.
import { PageError } from "../_components/page-error";

export default function StudioError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError error={error} reset={reset} backHref="/studio" backLabel="Start a new studio session" />;
}
