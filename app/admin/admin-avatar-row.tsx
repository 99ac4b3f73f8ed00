"use client";
// Admin: one public avatar in the list, with its status, and edit (name, tags), retry and delete.
import { useState } from "react";
import { api } from "../_lib/api-client";
import { usePaidPost } from "../_lib/idempotency";
import { useApiForm } from "../_lib/use-api-form";
import { HoverVideo } from "../_components/video-card-media";
import { buttonClass, cardClass, ConfirmDelete, StatusBadge } from "../_components/ui";
import { updatePublicAvatarBody, type PublicAvatarWithCost } from "@/_shared/schemas/public-avatar";
import type { AvatarResponse } from "@/_shared/schemas/avatar";
import type { CategoryResponse } from "@/_shared/schemas/tag";
import { TagChips } from "../library/avatar-card";
import { TagPicker } from "./tag-picker";
import { controlProps, Field, inputClass } from "../_components/form";

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
    <li data-testid="admin-avatar" data-id={avatar.id} data-status={avatar.status} className={`${cardClass} grid grid-cols-[88px_minmax(0,1fr)] gap-3 p-3 sm:grid-cols-[104px_minmax(0,1fr)]`}>
      <HoverVideo src={avatar.status === "ready" ? avatar.videoUrl : null} poster={avatar.imageUrl} aspect="3 / 4" label={avatar.name} />
      <div className="min-w-0">
        {mode === "edit" ? (
          <form onSubmit={save} noValidate className="space-y-3" onKeyDown={(e) => e.key === "Escape" && setMode("view")}>
            <Field id={`edit-name-${avatar.id}`} label="Name" error={errors.name}>
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
                {busy ? "Saving…" : "Save"}
              </button>
              <button type="button" className={`${buttonClass.secondary} px-3 py-1.5`} onClick={() => setMode("view")} disabled={busy}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <>
            <div className="flex flex-wrap items-center gap-2">
              <h4 className="min-w-0 truncate text-sm font-semibold text-white" title={avatar.name}>
                {avatar.name}
              </h4>
              <StatusBadge status={avatar.status} />
            </div>
            <p className="mt-0.5 text-xs text-slate-500">Created {new Date(avatar.createdAt).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })}</p>
            <div className="mt-2">
              <TagChips tags={avatar.tags} />
            </div>
            {avatar.status === "failed" ? <p className="mt-2 text-xs text-rose-300">{avatar.errorMessage ?? "The clip could not be made."}</p> : null}
            {mode === "confirm" ? (
              <ConfirmDelete
                label={`Delete ${avatar.name}?`}
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
                <p className="text-sm text-rose-200">Delete “{avatar.name}” with its picture and clip?</p>
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
                  aria-label={`Edit ${avatar.name}`}
                >
                  Edit
                </button>
                {avatar.status === "failed" ? (
                  <button
                    type="button"
                    className={`${buttonClass.primary} px-3 py-1.5 text-xs`}
                    disabled={busy}
                    onClick={() => void form.send(async () => onChange(await paidPost<PublicAvatarWithCost>(`${url}/retry`)))}
                    aria-label={`Retry ${avatar.name}`}
                  >
                    {busy ? "Retrying…" : "Retry"}
                  </button>
                ) : null}
                <button type="button" className="rounded-xl px-3 py-1.5 text-xs text-rose-300 hover:bg-rose-500/10" onClick={() => setMode("confirm")} aria-label={`Delete ${avatar.name}`}>
                  Delete
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
