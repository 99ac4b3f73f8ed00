"use client";
// The rename and delete dialogs of a project, a b-roll or a private avatar. Each is renamed by PATCH
// { name } (checked first with the API's own schema) and deleted by DELETE at the same URL (with the
// query string the confirmation chose, e.g. a project's ?deleteAvatars=true); a delete that finds the
// item gone already is done (someone else deleted it).
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { renameBRollBody } from "@/_shared/schemas/b-roll";
import { renamePrivateAvatarBody } from "@/_shared/schemas/private-avatar";
import { renameProjectBody } from "@/_shared/schemas/project";
import { api, ApiClientError } from "../_lib/api-client";
import { ConfirmDialog } from "./confirm-dialog";
import { RenameDialog } from "./rename-dialog";

const NOUNS = {
  project: { path: "/api/projects", schema: renameProjectBody },
  "b-roll": { path: "/api/b-rolls", schema: renameBRollBody },
  avatar: { path: "/api/avatars/private", schema: renamePrivateAvatarBody },
};
export type Noun = keyof typeof NOUNS;
/** The noun as an ICU select key (keys are plain words). */
const selectKey = (noun: Noun) => (noun === "b-roll" ? "bRoll" : noun);

/** Which dialog is open, and for which item; null when none is. */
export type ItemDialogState<T> = { action: "rename" | "delete"; item: T } | null;

export function ItemDialog<T extends { id: string; name: string }>({
  noun,
  dialog,
  onClose,
  onRenamed,
  onDeleted,
  consequences,
}: {
  noun: Noun;
  dialog: ItemDialogState<T>;
  onClose: () => void;
  /** Gets the API's answer; the dialog then closes. */
  onRenamed: (updated: T) => void;
  /** The caller closes the dialog (or leaves the page). */
  onDeleted: (item: T) => void;
  /**
   * What deleting the item removes with it, and that it cannot be undone; `choose` sets the query
   * string of the DELETE (a choice the confirmation offers, "" for none).
   */
  consequences: (item: T, choose: (query: string) => void) => ReactNode;
}) {
  const t = useTranslations("assets.item");
  if (!dialog) return null;
  const { item } = dialog;
  const { path, schema } = NOUNS[noun];
  const url = `${path}/${item.id}`;
  if (dialog.action === "rename") {
    const save = async (name: string) => {
      onRenamed(await api<T>(url, { method: "PATCH", body: { name } }));
      onClose();
    };
    return <RenameDialog title={t("renameTitle", { noun: selectKey(noun) })} label={t("nameLabel", { noun: selectKey(noun) })} initialName={item.name} schema={schema} onClose={onClose} onSave={save} />;
  }
  return <DeleteDialog noun={noun} item={item} url={url} onClose={onClose} onDeleted={onDeleted} consequences={consequences} />;
}

/** The delete confirmation; mounted afresh each time it opens, so a choice made in it never lingers. */
function DeleteDialog<T extends { id: string; name: string }>({
  noun,
  item,
  url,
  onClose,
  onDeleted,
  consequences,
}: {
  noun: Noun;
  item: T;
  url: string;
  onClose: () => void;
  onDeleted: (item: T) => void;
  consequences: (item: T, choose: (query: string) => void) => ReactNode;
}) {
  const t = useTranslations("assets.item");
  const [query, setQuery] = useState("");
  const remove = async () => {
    await api<void>(`${url}${query}`, { method: "DELETE" }).catch((e: unknown) => {
      if (!(e instanceof ApiClientError && e.status === 404)) throw e;
    });
    onDeleted(item);
  };
  return (
    <ConfirmDialog title={t("deleteTitle", { name: item.name })} confirmLabel={t("deleteConfirm", { noun: selectKey(noun) })} testId={`delete-${noun}-dialog`} onClose={onClose} onConfirm={remove}>
      {consequences(item, setQuery)}
    </ConfirmDialog>
  );
}
