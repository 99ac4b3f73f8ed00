"use client";
// "Copy to another project": the user picks one of their other projects; the copy has its own files,
// so deleting either one later leaves the other whole.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { ProjectListResponse, ProjectResponse } from "@/_shared/schemas/project";
import { buttonClass, ErrorBox, Spinner } from "../_components/ui";
import { Field, inputClass, Options } from "../_components/form";
import { api, errorMessage } from "../_lib/api-client";
import { useApi } from "../_lib/use-resource";
import { Dialog, DialogActions } from "./dialog";

const PATHS = { avatar: "/api/avatars/private", "b-roll": "/api/b-rolls" };

export function DuplicateDialog<T>({
  noun,
  item,
  fromProjectId,
  onClose,
  onDuplicated,
}: {
  noun: "avatar" | "b-roll";
  item: { id: string; name: string };
  /** The project the item is in: not offered. */
  fromProjectId: string | null;
  onClose: () => void;
  onDuplicated: (copy: T, project: ProjectResponse) => void;
}) {
  const t = useTranslations("assets.duplicate");
  const list = useApi<ProjectListResponse>("/api/projects");
  const choices = list.data?.projects.filter((p) => p.id !== fromProjectId) ?? null;
  const [picked, setPicked] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = choices?.find((p) => p.id === picked) ?? choices?.[0] ?? null;

  const submit = async () => {
    if (!target) return;
    setPending(true);
    setError(null);
    try {
      onDuplicated(await api<T>(`${PATHS[noun]}/${item.id}/duplicate`, { body: { projectId: target.id } }), target);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setPending(false);
    }
  };

  return (
    <Dialog title={t("title", { name: item.name })} description={t("hint")} onClose={onClose} busy={pending} testId="duplicate-dialog">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {list.error && !choices ? (
          <ErrorBox message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
        ) : !choices ? (
          <Spinner label={t("loading")} />
        ) : choices.length === 0 ? (
          <p className="text-sm text-slate-300">
            {t.rich("noOtherProject", { link: (chunks) => <Link href="/projects" className="text-violet-300 underline">{chunks}</Link> })}
          </p>
        ) : (
          <Field id="duplicate-project" label={t("projectLabel")}>
            <select id="duplicate-project" data-autofocus value={target?.id ?? ""} onChange={(e) => setPicked(e.target.value)} className={inputClass}>
              <Options choices={choices.map((p) => ({ value: p.id, label: p.name }))} />
            </select>
          </Field>
        )}
        <ErrorBox message={error} className="mt-4" />
        <DialogActions onCancel={onClose} busy={pending} className="mt-5">
          <button type="submit" className={buttonClass.primary} disabled={pending || !target}>
            {pending ? t("copying") : t("submit")}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
