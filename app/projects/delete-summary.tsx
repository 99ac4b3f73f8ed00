"use client";
// What deleting a project removes: its b-rolls always; its avatars only when the user ticks "Also
// delete its N avatars" (they are reusable in every project, so by default they stay in My avatars
// with no project). The avatars are listed by name, so the user sees what goes or stays.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { PrivateAvatarListResponse } from "@/_shared/schemas/private-avatar";
import type { ProjectResponse } from "@/_shared/schemas/project";
import { useApi } from "../_lib/use-resource";

export function DeleteSummary({ project, choose }: { project: ProjectResponse; choose: (query: string) => void }) {
  const t = useTranslations("projects.deleteSummary");
  const [deleteAvatars, setDeleteAvatars] = useState(false);
  // Asked afresh: the project's counts may predate an avatar made meanwhile in another tab.
  const list = useApi<PrivateAvatarListResponse>(`/api/avatars/private?projectId=${encodeURIComponent(project.id)}`);
  const avatars = list.data?.avatars ?? null;
  const count = avatars?.length ?? project.counts.avatars;
  return (
    <>
      <p>
        {t.rich("intro", {
          count: project.counts.bRolls,
          strong: (chunks) => (
            <strong className="text-slate-100" data-testid="delete-counts">
              {chunks}
            </strong>
          ),
        })}
      </p>
      {count > 0 ? (
        <div className="mt-3 rounded-xl border border-slate-700 p-3" data-testid="delete-avatars">
          <p>
            {deleteAvatars
              ? t.rich("avatarsDeleted", { count, strong: (chunks) => <strong className="text-rose-200">{chunks}</strong> })
              : t.rich("avatarsKept", { count, strong: (chunks) => <strong className="text-slate-100">{chunks}</strong> })}
          </p>
          <ul className="mt-1 list-inside list-disc text-slate-300" data-testid="delete-avatar-names">
            {avatars ? avatars.map((avatar) => <li key={avatar.id}>{avatar.name}</li>) : <li className="list-none text-slate-500">{t("loadingNames")}</li>}
          </ul>
          <label className="mt-2 flex items-center gap-2 text-slate-200">
            <input
              type="checkbox"
              checked={deleteAvatars}
              onChange={(event) => {
                setDeleteAvatars(event.target.checked);
                choose(event.target.checked ? "?deleteAvatars=true" : "");
              }}
              className="h-4 w-4 accent-rose-500"
            />
            {t("alsoDelete", { count })}
          </label>
        </div>
      ) : null}
      <p className="mt-2">{t("cannotUndo")}</p>
    </>
  );
}
