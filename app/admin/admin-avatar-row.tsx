"use client";
// Admin: one public avatar in the list, with its status, and edit (name, tags), retry and delete.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "../_lib/api-client";
import { usePaidPost } from "../_lib/idempotency";
import { useApiForm } from "../_lib/use-api-form";
import { useFormat } from "../_lib/use-format";
import { buttonClass, cardClass, ConfirmDelete } from "../_components/ui";
import { HoverVideo } from "../_components/video-card-media";
import { updatePublicAvatarBody, type PublicAvatarWithCost } from "@/_shared/schemas/public-avatar";
import type { AvatarResponse } from "@/_shared/schemas/avatar";
import type { CategoryResponse } from "@/_shared/schemas/tag";
import { TagChips } from "../library/avatar-card";
import { TagPicker } from "./tag-picker";
import { ProvenanceButton } from "../_components/provenance-panel";
import { controlProps, Field, inputClass } from "../_components/form";

const STATUS_TONES: Record<AvatarResponse["status"], string> = {
  ready: "border-emerald-500/60 text-emerald-300 bg-emerald-500/10",
  processing: "border-amber-500/60 text-amber-200 bg-amber-500/10",
  failed: "border-rose-500/60 text-rose-300 bg-rose-500/10",
};

export function AdminAvatarRow({
  avatar,
  categories,
  onChange,
  onRemoved,
}: {
  avatar: AvatarResponse;
  categories: CategoryResponse[];
  onChange: (avatar: AvatarResponse) => void;
  onRemoved: (id: string) => void;
}) {
  const t = useTranslations("admin.avatars");
  const format = useFormat();
  const [hovered, setHovered] = useState(false);
  const [mode, setMode] = useState<"view" | "edit" | "confirm">("view");
  const [name, setName] = useState(avatar.name);
  const [tagIds, setTagIds] = useState<string[]>([]);
  const form = useApiForm();
  const { errors, failure, busy, clearError } = form;
  const paidPost = usePaidPost();
  const url = `/api/avatars/public/${encodeURIComponent(avatar.id)}`;

  const idsOf = (slugs: string[]) => categories.flatMap((c) => c.tags).filter((t) => slugs.includes(t.slug)).map((t) => t.id);

  function save(event: React.FormEvent) {
    event.preventDefault();
    void form.submit(updatePublicAvatarBody.safeParse({ name, tagIds }), async (body) => {
      onChange(await api<AvatarResponse>(url, { method: "PUT", body }));
      setMode("view");
    });
  }

  return (
    <li data-testid="admin-avatar" data-id={avatar.id} data-status={avatar.status} className={`${cardClass} grid grid-cols-[88px_minmax(0,1fr)] gap-3 p-3 sm:grid-cols-[104px_minmax(0,1fr)]`}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}>
      <HoverVideo aspect="3 / 4" src={avatar.status === "ready" ? avatar.videoUrl : null} poster={avatar.imageUrl} label={avatar.name} active={hovered} />
      <div className="min-w-0">
        {mode === "edit" ? (
          <form onSubmit={save} noValidate className="space-y-3" onKeyDown={(e) => e.key === "Escape" && setMode("view")}>
            <Field id={`edit-name-${avatar.id}`} label={t("name")} error={errors.name}>
              <input {...controlProps(`edit-name-${avatar.id}`, errors.name)} value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  clearError("name");
                }}
                className={inputClass}
                maxLength={120}
                autoComplete="off"
              />
            </Field>
            <TagPicker
              idPrefix={`edit-${avatar.id}`}
              categories={categories}
              value={tagIds}
              onChange={(ids) => {
                setTagIds(ids);
                clearError("tagIds");
              }}
              error={errors.tagIds}
            />
            <div className="flex flex-wrap gap-2">
              <button type="submit" className={`${buttonClass.primary} px-3 py-1.5`} disabled={busy}>
                {busy ? t("saving") : t("save")}
              </button>
              <button type="button" className={`${buttonClass.secondary} px-3 py-1.5`} onClick={() => setMode("view")} disabled={busy}>
                {t("cancel")}
              </button>
            </div>
          </form>
        ) : (
          <>
            <div className="flex flex-wrap items-center gap-2">
              <h4 className="min-w-0 truncate text-sm font-semibold text-white" title={avatar.name}>
                {avatar.name}
              </h4>
              <span data-status={avatar.status} className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${STATUS_TONES[avatar.status]}`}>
                {avatar.status === "processing" ? <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-amber-300" aria-hidden /> : null}
                {t(`statuses.${avatar.status}`)}
              </span>
            </div>
            <p className="mt-0.5 text-xs text-slate-500">{t("created", { date: format.dateTime(avatar.createdAt) })}</p>
            <div className="mt-2">
              <TagChips tags={avatar.tags} />
            </div>
            {avatar.status === "failed" ? <p className="mt-2 text-xs text-rose-300">{avatar.errorMessage ?? t("failedDefault")}</p> : null}
            {mode === "confirm" ? (
              <ConfirmDelete
                label={t("deleteConfirmLabel", { name: avatar.name })}
                className="mt-3"
                busy={busy}
                onCancel={() => setMode("view")}
                onConfirm={() =>
                  void form.send(async () => {
                    await api(url, { method: "DELETE" });
                    onRemoved(avatar.id);
                  })
                }
              >
                <p className="text-sm text-rose-200">{t("deleteConfirm", { name: avatar.name })}</p>
              </ConfirmDelete>
            ) : (
              <div className="mt-3 flex flex-wrap gap-2">
                <button
                  type="button"
                  className={`${buttonClass.secondary} px-3 py-1.5 text-xs`}
                  onClick={() => {
                    setName(avatar.name);
                    setTagIds(idsOf(avatar.tags.map((t) => t.slug)));
                    form.setErrors({});
                    setMode("edit");
                  }}
                  aria-label={t("editLabel", { name: avatar.name })}
                >
                  {t("edit")}
                </button>
                {avatar.status === "failed" ? (
                  <button
                    type="button"
                    className={`${buttonClass.primary} px-3 py-1.5 text-xs`}
                    disabled={busy}
                    onClick={() => void form.send(async () => onChange(await paidPost<PublicAvatarWithCost>(`${url}/retry`)))}
                    aria-label={t("retryLabel", { name: avatar.name })}
                  >
                    {busy ? t("retrying") : t("retry")}
                  </button>
                ) : null}
                <ProvenanceButton of={{ type: "public-avatar", id: avatar.id, name: avatar.name }} className={`${buttonClass.secondary} px-3 py-1.5 text-xs`} />
                <button type="button" className="rounded-xl px-3 py-1.5 text-xs text-rose-300 hover:bg-rose-500/10" onClick={() => setMode("confirm")} aria-label={t("deleteLabel", { name: avatar.name })}>
                  {t("delete")}
                </button>
              </div>
            )}
          </>
        )}
        {failure ? <p className="mt-2 text-xs text-rose-300" role="alert">{failure}</p> : null}
      </div>
    </li>
  );
}
