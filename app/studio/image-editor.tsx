"use client";
// Step 2 of the studio: plain-language edits of the picked picture (FLUX Kontext). Every edit is a
// new version in the history strip; clicking any version goes back to it (undo), and nothing is lost:
// an edit made from an older version is appended too.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonClass, cardClass, ErrorBox } from "../_components/ui";
import { modifyImageBody, type GeneratedImagesResponse } from "@/_shared/schemas/image";
import { usePaidPost } from "../_lib/idempotency";
import { useApiForm } from "../_lib/use-api-form";
import { useFormat } from "../_lib/use-format";
import { SpendNote } from "../_components/spend-note";
import type { Version } from "./studio-session";
import { controlProps, Field, inputClass, PriceTag } from "../_components/form";

const IDEAS = ["office", "glasses", "light", "suit"] as const;

export function ImageEditor({
  sessionId,
  price,
  versions,
  index,
  editing,
  onEdited,
  onSelect,
}: {
  sessionId: string;
  /** Estimated USD of one edit. */
  price: number;
  versions: Version[];
  index: number;
  /** An edit of one of these versions is still being made (asked for before the user came back here). */
  editing: boolean;
  /** An edit is made: it is in the session, as the current version. */
  onEdited: () => Promise<void>;
  onSelect: (index: number) => void;
}) {
  const t = useTranslations("studio.edit");
  const format = useFormat();
  const [text, setText] = useState("");
  const form = useApiForm();
  const { errors, failure } = form;
  const busy = form.busy || editing;
  const paidPost = usePaidPost();
  const current = versions[index];

  async function edit(event: React.FormEvent) {
    event.preventDefault();
    await form.submit(modifyImageBody.safeParse({ imageUrl: current.imageUrl, modifications: text, sessionId }), async (body) => {
      await paidPost<GeneratedImagesResponse>("/api/images/modify", body);
      await onEdited();
      setText("");
    });
  }

  const label = (i: number) => (i === 0 ? t("original") : (versions[i].note ?? t("edit")));
  const sourceNumber = (v: Version) => versions.findIndex((other) => other.imageUrl === v.from) + 1;
  return (
    <section className={`${cardClass} p-4 sm:p-5`} aria-labelledby="step-edit">
      <h2 id="step-edit" className="text-lg font-semibold text-white">
        <span className="mr-2 text-violet-400">2</span>
        {t("title")} <span className="text-sm font-normal text-slate-400">{t("optional")}</span>
      </h2>
      <div className="mt-3 grid gap-4 sm:grid-cols-[minmax(0,220px)_minmax(0,1fr)]">
        <div className="relative mx-auto aspect-[3/4] w-full max-w-[260px] overflow-hidden rounded-xl bg-slate-800">
          {/* eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route */}
          <img src={current.imageUrl} alt={t("version", { number: index + 1, label: label(index) })} data-testid="studio-current" className="h-full w-full object-cover" />
          <span className="absolute left-2 top-2 rounded-full bg-black/70 px-2 py-0.5 text-xs font-semibold text-white">v{index + 1}</span>
          {busy ? (
            <div className="absolute inset-0 flex items-center justify-center bg-black/50 text-sm text-white" role="status">
              <span className="mr-2 h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white" aria-hidden />
              {t("editing")}
            </div>
          ) : null}
        </div>
        <form onSubmit={edit} noValidate className="flex flex-col gap-3">
          <Field id="studio-edit" label={t("changeLabel")} error={errors.modifications} hint={t("changeHint")}>
            <input
              {...controlProps("studio-edit", errors.modifications, "hint")}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={t("changePlaceholder")}
              className={inputClass}
              autoComplete="off"
            />
          </Field>
          <div className="flex flex-wrap gap-2">
            {IDEAS.map((idea) => (
              <button key={idea} type="button" onClick={() => setText(t(`ideas.${idea}`))} className="rounded-full border border-slate-700 px-2.5 py-1 text-xs text-slate-300 hover:border-violet-400 hover:text-white">
                {t(`ideas.${idea}`)}
              </button>
            ))}
          </div>
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={buttonClass.primary} disabled={busy} aria-describedby="studio-edit-price studio-edit-spend">
              {busy ? t("editing") : t("apply")}
              <PriceTag id="studio-edit-price" label={format.usd(price)} />
            </button>
            <button type="button" className={buttonClass.secondary} disabled={busy || index === 0} onClick={() => onSelect(Math.max(0, sourceNumber(current) - 1))}>
              {t("undo")}
            </button>
          </div>
          <span id="studio-edit-spend">
            <SpendNote />
          </span>
          <ErrorBox message={failure} />
        </form>
      </div>

      <h3 className="mt-5 text-sm font-semibold text-slate-300">{t("history")}</h3>
      <ol className="mt-2 flex gap-3 overflow-x-auto pb-2" aria-label={t("historyLabel")}>
        {versions.map((version, i) => (
          <li key={version.imageUrl} className="w-24 shrink-0">
            <button
              type="button"
              data-testid="studio-version"
              aria-current={i === index ? "true" : undefined}
              aria-label={t(i === index ? "versionCurrent" : "version", { number: i + 1, label: label(i) })}
              onClick={() => onSelect(i)}
              disabled={busy}
              className={`block w-full overflow-hidden rounded-lg border-2 text-left focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-300 ${i === index ? "border-violet-400" : "border-slate-700 hover:border-slate-500"}`}
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route */}
              <img src={version.imageUrl} alt="" loading="lazy" className="aspect-[3/4] w-full bg-slate-800 object-cover" />
              <span className="block truncate px-1.5 py-1 text-[11px] text-slate-300" title={label(i)}>
                v{i + 1} · {label(i)}
              </span>
            </button>
            {version.from && sourceNumber(version) !== i ? <span className="block px-1 text-[10px] text-slate-500">{t("from", { number: sourceNumber(version) })}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
