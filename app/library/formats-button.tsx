"use client";
// "Formats" on a ready public avatar: the Formats panel for its clip. Any signed-in user may make
// and download its formats (they are shared by everyone); only admins delete them.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { AvatarResponse } from "@/_shared/schemas/avatar";
import { FormatsPanel } from "../_components/formats/formats-panel";
import { cardActionClass } from "./avatar-card";

export function FormatsButton({ avatar, canDeleteShared }: { avatar: AvatarResponse; canDeleteShared: boolean }) {
  const t = useTranslations("projects.formats");
  const [open, setOpen] = useState(false);
  if (avatar.status !== "ready" || !avatar.videoUrl) return null;
  return (
    <>
      <button type="button" className={cardActionClass.secondary} aria-label={t("openFor", { name: avatar.name })} onClick={() => setOpen(true)} data-testid="library-formats">
        {t("open")}
      </button>
      {open ? (
        <FormatsPanel
          clip={{ type: "avatar", id: avatar.id, name: avatar.name, videoUrl: avatar.videoUrl, posterUrl: avatar.imageUrl, aspect: "3 / 4" }}
          canDeleteShared={canDeleteShared}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}
