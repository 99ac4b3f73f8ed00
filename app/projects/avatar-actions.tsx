"use client";
// What can be done with a private avatar, behind its card's menu: download the clip, rename, copy to
// another project, edit the motion prompt and regenerate (a new avatar), delete (confirmed). Used by
// My avatars and by a project's avatars.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { PrivateAvatarResponse, PrivateAvatarWithCost } from "@/_shared/schemas/private-avatar";
import type { ProjectResponse } from "@/_shared/schemas/project";
import { AssetMenu } from "../_components/asset-menu";
import { FormatsPanel } from "../_components/formats/formats-panel";
import { clipDownload } from "./download";
import { DuplicateDialog } from "./duplicate-dialog";
import { ItemDialog } from "./item-dialog";
import { ProvenancePanel } from "../_components/provenance-panel";
import { RegenerateDialog } from "./regenerate-dialog";

type Open = "rename" | "delete" | "duplicate" | "regenerate" | "formats" | "details" | null;

export function AvatarActions({
  avatar,
  onUpdated,
  onDeleted,
  onCreated,
  onDuplicated,
}: {
  avatar: PrivateAvatarResponse;
  onUpdated: (avatar: PrivateAvatarResponse) => void;
  onDeleted: (avatar: PrivateAvatarResponse) => void;
  /** A regenerated avatar (processing). */
  onCreated: (avatar: PrivateAvatarWithCost) => void;
  onDuplicated: (copy: PrivateAvatarResponse, project: ProjectResponse) => void;
}) {
  const t = useTranslations("assets");
  const tf = useTranslations("projects.formats");
  const tp = useTranslations("provenance.details");
  const [open, setOpen] = useState<Open>(null);
  const ready = avatar.status === "ready" && avatar.videoUrl !== null;
  const close = () => setOpen(null);
  return (
    <>
      <AssetMenu
        label={t("menu.actions", { name: avatar.name })}
        items={[
          { label: t("menu.download"), ...(ready && avatar.videoUrl ? clipDownload(avatar.videoUrl, avatar.name, "avatar") : {}), hidden: !ready },
          { label: tf("open"), onSelect: () => setOpen("formats"), hidden: !ready },
          { label: tp("menu"), onSelect: () => setOpen("details") },
          { label: t("menu.regenerate"), onSelect: () => setOpen("regenerate"), hidden: avatar.status === "processing" },
          { label: t("menu.duplicate"), onSelect: () => setOpen("duplicate"), hidden: !ready },
          { label: t("menu.rename"), onSelect: () => setOpen("rename") },
          { label: t("menu.delete"), onSelect: () => setOpen("delete"), danger: true },
        ]}
      />
      <ItemDialog
        noun="avatar"
        dialog={open === "rename" || open === "delete" ? { action: open, item: avatar } : null}
        onClose={close}
        onRenamed={onUpdated}
        onDeleted={(gone) => {
          close();
          onDeleted(gone);
        }}
        consequences={(item) => <p>{t("item.deleteAvatar", { processing: String(item.status === "processing") })}</p>}
      />
      {open === "duplicate" ? <DuplicateDialog noun="avatar" item={avatar} fromProjectId={avatar.projectId} onClose={close} onDuplicated={onDuplicated} /> : null}
      {open === "formats" && ready && avatar.videoUrl ? (
        <FormatsPanel clip={{ type: "avatar", id: avatar.id, name: avatar.name, videoUrl: avatar.videoUrl, posterUrl: avatar.imageUrl, aspect: "3 / 4" }} onClose={close} />
      ) : null}
      {open === "details" ? <ProvenancePanel of={{ type: "private-avatar", id: avatar.id, name: avatar.name }} onClose={close} /> : null}
      {open === "regenerate" ? <RegenerateDialog<PrivateAvatarWithCost> noun="avatar" kind="image-to-video" item={avatar} onClose={close} onCreated={onCreated} /> : null}
    </>
  );
}
