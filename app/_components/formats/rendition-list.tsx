"use client";
// The renditions and posters made of a clip, newest first: name, status, a progress bar while being
// made, the reason of a failure, download links once ready, and Delete (confirmed) where the user
// may delete it: their own always, a public avatar's shared ones for admins only.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { RenditionResponse } from "@/_shared/schemas/rendition";
import { api, errorMessage } from "../../_lib/api-client";
import { fileName } from "../../_lib/format";
import { ConfirmDialog } from "../../projects/confirm-dialog";
import { mediaDownload } from "../../projects/download";
import { ErrorBox, Spinner, StatusBadge } from "../ui";

const seconds = (value: number) => `${value.toFixed(1)} s`;
const link = "inline-flex min-h-6 items-center rounded-lg border border-slate-700 px-2 py-1 text-xs font-semibold text-violet-200 hover:border-slate-500 hover:text-white";

export function RenditionList({
  clipName,
  renditions,
  error,
  onRetry,
  canDeleteShared,
  onDeleted,
}: {
  clipName: string;
  renditions: RenditionResponse[] | null;
  error: unknown;
  onRetry: () => void;
  /** Admins: a public avatar's renditions are shared by every user, and only admins delete them. */
  canDeleteShared: boolean;
  onDeleted: (id: string) => void;
}) {
  const t = useTranslations("projects.formats");
  const [deleting, setDeleting] = useState<RenditionResponse | null>(null);

  const name = (rendition: RenditionResponse) =>
    rendition.kind === "poster"
      ? t("posterName", { time: seconds(rendition.time ?? 0) })
      : [rendition.format, rendition.fit === "pad" ? t("fitPad") : t("fitCrop"), rendition.trim ? `${seconds(rendition.trim.start)}–${seconds(rendition.trim.end)}` : null].filter(Boolean).join(" · ");

  if (error && !renditions) return <ErrorBox message={t("loadError", { error: errorMessage(error) })} onRetry={onRetry} />;
  if (!renditions) return <Spinner />;
  if (renditions.length === 0) return <p className="text-xs text-slate-500">{t("none")}</p>;
  return (
    <>
      <ul className="space-y-2">
        {renditions.map((rendition) => (
          <li key={rendition.id} className="rounded-xl border border-slate-800 bg-slate-950/60 p-2" data-testid="rendition" data-status={rendition.status} data-id={rendition.id}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="min-w-0 text-xs font-medium text-slate-200">{name(rendition)}</span>
              <StatusBadge status={rendition.status} />
            </div>
            {rendition.status === "processing" ? (
              <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-800" role="progressbar" aria-label={t("progress", { name: name(rendition) })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={rendition.progress}>
                <div className="h-full rounded-full bg-violet-500 transition-[width]" style={{ width: `${rendition.progress}%` }} />
              </div>
            ) : null}
            {rendition.status === "failed" ? <p className="mt-1 text-xs text-rose-300">{rendition.errorMessage ?? t("failed")}</p> : null}
            <div className="mt-2 flex flex-wrap items-center gap-2">
              {rendition.status === "ready" && rendition.width && rendition.height ? <span className="text-xs text-slate-500">{`${rendition.width}×${rendition.height}`}</span> : null}
              {rendition.status === "ready" && rendition.videoUrl ? <a {...mediaDownload(rendition.videoUrl, fileName(`${clipName} ${rendition.format ?? ""}`, "mp4"))} className={link}>{t("downloadMp4")}</a> : null}
              {rendition.status === "ready" && rendition.posterUrls ? (
                <>
                  <a {...mediaDownload(rendition.posterUrls.jpeg, fileName(`${clipName} poster`, "jpg"))} className={link}>JPEG</a>
                  <a {...mediaDownload(rendition.posterUrls.webp, fileName(`${clipName} poster`, "webp"))} className={link}>WebP</a>
                </>
              ) : null}
              {!rendition.shared || canDeleteShared ? (
                <button type="button" className={`${link} ml-auto text-rose-200 hover:text-rose-100`} aria-label={t("deleteLabel", { name: name(rendition) })} onClick={() => setDeleting(rendition)} data-testid="delete-rendition">
                  {t("delete")}
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {deleting ? (
        <ConfirmDialog
          title={t("deleteTitle", { name: name(deleting) })}
          confirmLabel={t("delete")}
          testId="delete-rendition-dialog"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api(`/api/renditions/${deleting.id}`, { method: "DELETE" });
            onDeleted(deleting.id);
            setDeleting(null);
          }}
        >
          <p>{deleting.shared ? t("deleteShared") : t("deleteBody")}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
