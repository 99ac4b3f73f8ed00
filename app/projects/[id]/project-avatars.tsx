"use client";
// The avatars made in this project (GET /api/avatars/private?projectId=), polled while any is processing.
import Link from "next/link";
import type { PrivateAvatarListResponse } from "@/_shared/schemas/private-avatar";
import { ErrorBox, Spinner, StatusBadge } from "../../_components/ui";
import { HoverVideo } from "../../_components/video-card-media";
import { errorMessage } from "../../_lib/api-client";
import { useApi } from "../../_lib/use-resource";

export function ProjectAvatars({ projectId }: { projectId: string }) {
  const list = useApi<PrivateAvatarListResponse>(`/api/avatars/private?projectId=${encodeURIComponent(projectId)}`, {
    pollMs: 3000,
    pollWhile: (data) => Boolean(data?.avatars.some((a) => a.status === "processing")),
  });
  const avatars = list.data?.avatars ?? null;
  const error = list.error ? errorMessage(list.error) : null;

  const studioHref = `/studio?projectId=${encodeURIComponent(projectId)}`;
  return (
    <section aria-labelledby="avatars-heading" className="mt-10">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="avatars-heading" className="text-lg font-semibold text-white">
          Avatars
          {avatars ? <span className="ml-2 text-sm font-normal text-slate-400">{avatars.length}</span> : null}
        </h2>
        <Link href={studioHref} className="text-sm text-violet-300 hover:text-violet-200">
          Make an avatar in the studio →
        </Link>
      </div>
      {error && !avatars ? (
        <ErrorBox message={`Could not load the avatars: ${error}`} onRetry={() => void list.refetch()} />
      ) : !avatars ? (
        <Spinner label="Loading avatars" />
      ) : avatars.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-700 p-6 text-center text-sm text-slate-400">
          No avatars made in this project yet. Avatars you create in the{" "}
          <Link href={studioHref} className="text-violet-300 underline">
            Avatar studio
          </Link>{" "}
          for this project show up here.
        </p>
      ) : (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-5">
          {avatars.map((avatar) => (
            <li key={avatar.id} data-testid="project-avatar" data-status={avatar.status} className="rounded-2xl border border-slate-800 bg-slate-900/60 p-1.5">
              <div className="relative">
                <HoverVideo src={avatar.status === "ready" ? avatar.videoUrl : null} poster={avatar.imageUrl} aspect="3 / 4" label={avatar.name} />
                <div className="pointer-events-none absolute left-1.5 top-1.5 rounded-full bg-black/50">
                  <StatusBadge status={avatar.status} />
                </div>
              </div>
              <p className="truncate px-1 pt-1.5 text-xs font-medium text-slate-200" title={avatar.name}>
                {avatar.name}
              </p>
              {avatar.status === "failed" && avatar.errorMessage ? (
                <p className="px-1 pb-1 text-xs text-rose-300" title={avatar.errorMessage}>
                  <span className="line-clamp-2">{avatar.errorMessage}</span>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
