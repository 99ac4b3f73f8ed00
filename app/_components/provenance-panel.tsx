"use client";
// The Details panel of a card (b-roll, take, private or library avatar): its provenance record (GET
// .../provenance: the clip's model, prompt, seed and options, cost, who and when; the picture's
// origin and SHA-256; the likeness consent) and how to disclose AI content where the clip is published.
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import type { ProvenanceResponse } from "@/_shared/schemas/provenance";
import { api, errorMessage } from "../_lib/api-client";
import { useFormat } from "../_lib/use-format";
import { useResource } from "../_lib/use-resource";
import { Dialog } from "../projects/dialog";

export type ProvenanceOf = { type: "b-roll" | "private-avatar" | "public-avatar"; id: string; name: string };

const PATHS: Record<ProvenanceOf["type"], string> = { "b-roll": "/api/b-rolls", "private-avatar": "/api/avatars/private", "public-avatar": "/api/avatars/public" };

function Row({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="grid gap-0.5 py-1.5 sm:grid-cols-[7rem_minmax(0,1fr)] sm:gap-3">
      <dt className="text-xs font-medium text-slate-400">{label}</dt>
      <dd className={`min-w-0 break-words text-sm text-slate-100 ${mono ? "break-all font-mono text-xs" : ""}`}>{children}</dd>
    </div>
  );
}

/** A part of the record: label-value rows (a description list), or a sentence (`plain`). */
function Section({ title, children, plain = false }: { title: string; children: ReactNode; plain?: boolean }) {
  return (
    <section className="border-t border-slate-800 pt-3 first:border-t-0 first:pt-0">
      <h3 className="text-sm font-semibold text-white">{title}</h3>
      {plain ? <div className="mt-1">{children}</div> : <dl className="mt-1 divide-y divide-slate-800/60">{children}</dl>}
    </section>
  );
}

/** The options worth reading (format, length, resolution), in the order people think of them. */
function optionsText(options: Record<string, unknown>): string {
  const { aspectRatio, resolution, duration, cameraFixed } = options;
  return [aspectRatio, resolution, typeof duration === "number" ? `${duration} s` : null, cameraFixed === true ? "camera fixed" : null].filter((part) => typeof part === "string" && part).join(" · ");
}

function ProvenanceRecord({ record }: { record: ProvenanceResponse }) {
  const t = useTranslations("provenance.details");
  const format = useFormat();
  const last = record.clip.generations.at(-1) ?? null;
  const hidden = <span className="text-slate-400">{t("hidden")}</span>;
  const { picture, consent } = record;
  return (
    <div className="space-y-4" data-testid="provenance-record">
      <Section title={t("clip")}>
        {last ? (
          <Row label={t("models")} mono>
            {last.models.join(", ")}
          </Row>
        ) : null}
        {last?.prompt ? <Row label={t("prompt")}>{last.prompt}</Row> : null}
        <Row label={t("seed")}>{record.clip.seed ?? last?.seed ?? "—"}</Row>
        {last && optionsText(last.options) ? <Row label={t("options")}>{optionsText(last.options)}</Row> : null}
        {last?.estimatedCostUsd != null ? <Row label={t("cost")}>{format.usd(last.estimatedCostUsd)}</Row> : null}
        <Row label={t("madeBy")}>{record.createdBy ?? hidden}</Row>
        <Row label={t("madeAt")}>
          {format.dateTime(record.createdAt)}
          {record.clip.generations.length > 1 ? <span className="text-slate-400"> · {t("attempts", { count: record.clip.generations.length })}</span> : null}
        </Row>
      </Section>
      <Section title={t("picture")} plain={!picture}>
        {picture ? (
          <>
            <Row label={t("origin")}>{t(`origins.${picture.origin}`)}</Row>
            {picture.generation ? (
              <>
                <Row label={t("models")} mono>
                  {picture.generation.models.join(", ")}
                </Row>
                {picture.generation.prompt ? <Row label={t("prompt")}>{picture.generation.prompt}</Row> : null}
              </>
            ) : null}
            {picture.sha256 ? (
              <Row label={t("sha256")} mono>
                {picture.sha256}
              </Row>
            ) : null}
          </>
        ) : (
          <p className="py-1.5 text-sm text-slate-300">{t("noPicture")}</p>
        )}
      </Section>
      {record.resource.type !== "b-roll" ? (
        <Section title={t("consent")} plain>
          {consent ? (
            <p className="py-1.5 text-sm text-slate-100" data-testid="provenance-consent">
              {t("consentGiven", { date: format.dateTime(consent.attestedAt) })}
              {consent.attestedBy ? ` ${t("consentBy", { who: consent.attestedBy })}` : ""}
              <span className="block text-xs text-slate-400">{t("consentVersion", { version: consent.textVersion })}</span>
            </p>
          ) : (
            <p className="py-1.5 text-sm text-slate-300" data-testid="provenance-consent">{t("noConsent")}</p>
          )}
        </Section>
      ) : null}
    </div>
  );
}

function Disclose() {
  const t = useTranslations("provenance.disclose");
  return (
    <section className="mt-4 rounded-xl border border-slate-700 bg-slate-950/60 p-3" aria-labelledby="provenance-disclose">
      <h3 id="provenance-disclose" className="text-sm font-semibold text-white">
        {t("title")}
      </h3>
      <p className="mt-1 text-xs text-slate-400">{t("intro")}</p>
      <ul className="mt-2 list-disc space-y-1.5 pl-5 text-sm text-slate-200">
        <li>{t("meta")}</li>
        <li>{t("tiktok")}</li>
        <li>{t("youtube")}</li>
      </ul>
    </section>
  );
}

export function ProvenancePanel({ of, onClose }: { of: ProvenanceOf; onClose: () => void }) {
  const t = useTranslations("provenance.details");
  const path = `${PATHS[of.type]}/${of.id}/provenance`;
  const record = useResource(path, (signal) => api<ProvenanceResponse>(path, { signal }));
  return (
    <Dialog title={t("title", { name: of.name })} description={t("hint")} onClose={onClose} testId="provenance-panel">
      {record.data ? (
        <ProvenanceRecord record={record.data} />
      ) : record.error ? (
        <p role="alert" className="text-sm text-rose-300">
          {t("failed", { error: errorMessage(record.error) })}
        </p>
      ) : (
        <p className="text-sm text-slate-400" role="status">
          {t("loading")}
        </p>
      )}
      <Disclose />
    </Dialog>
  );
}

/** A card's own "Details" button (cards without a menu: the library's and the admin's). */
export function ProvenanceButton({ of, className }: { of: ProvenanceOf; className: string }) {
  const t = useTranslations("provenance.details");
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)} aria-label={t("open", { name: of.name })}>
        {t("menu")}
      </button>
      {open ? <ProvenancePanel of={of} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
