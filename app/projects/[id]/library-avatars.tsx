"use client";
// The project page's "Library avatars" section: the public library avatars added to the project (a
// link to the library's clip, not a copy), each with Remove. Adding happens from the library's cards.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { ProjectLibraryAvatarListResponse } from "@/_shared/schemas/library";
import { api, errorMessage } from "../../_lib/api-client";
import { useApi } from "../../_lib/use-resource";
import { ErrorBox, Spinner } from "../../_components/ui";
import { AvatarCard, cardActionClass } from "../../library/avatar-card";

export function LibraryAvatars({ projectId }: { projectId: string }) {
  const t = useTranslations("library.projectSection");
  const linked = useApi<ProjectLibraryAvatarListResponse>(`/api/projects/${encodeURIComponent(projectId)}/library-avatars`);
  const [removing, setRemoving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function remove(avatarId: string) {
    setRemoving(avatarId);
    setError(null);
    try {
      await api(`/api/projects/${encodeURIComponent(projectId)}/library-avatars/${encodeURIComponent(avatarId)}`, { method: "DELETE" });
      linked.mutate((current) => (current ? { avatars: current.avatars.filter((a) => a.id !== avatarId) } : current));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRemoving(null);
    }
  }

  const avatars = linked.data?.avatars ?? null;
  return (
    <section aria-labelledby="library-avatars-title" className="mt-10" data-testid="project-library-avatars">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="library-avatars-title" className="text-lg font-semibold text-white">
          {t("title")}
        </h2>
        <Link href="/library" className="text-sm text-violet-300 underline-offset-2 hover:underline">
          {t("browse")}
        </Link>
      </div>
      <ErrorBox message={linked.error ? t("loadError", { error: errorMessage(linked.error) }) : error} onRetry={linked.error ? () => void linked.refetch() : undefined} />
      {!avatars && !linked.error ? <Spinner label={t("loading")} /> : null}
      {avatars && avatars.length === 0 ? <p className="text-sm text-slate-400">{t("empty")}</p> : null}
      {avatars && avatars.length ? (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-4">
          {avatars.map((avatar) => (
            <li key={avatar.id} className="min-w-0">
              <AvatarCard
                dense
                avatar={avatar}
                actions={
                  <button type="button" className={cardActionClass.secondary} disabled={removing !== null} aria-label={t("removeLabel", { name: avatar.name })} onClick={() => void remove(avatar.id)}>
                    {removing === avatar.id ? t("removing") : t("remove")}
                  </button>
                }
              />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
