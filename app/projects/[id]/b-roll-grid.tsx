"use client";
// The project's b-rolls as a masonry of cards (CSS columns: 9:16, 16:9 and 1:1 clips pack without
// holes), with the dialogs of their menus (rename, delete, copy to another project, edit prompt and
// regenerate) and retry.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { BRollResponse, CreateBRollResponse } from "@/_shared/schemas/b-roll";
import { EmptyState, ErrorBox, LoadMoreButton, Spinner } from "../../_components/ui";
import { api, ApiClientError, errorMessage } from "../../_lib/api-client";
import { usePaidPost } from "../../_lib/idempotency";
import { DuplicateDialog } from "../duplicate-dialog";
import { ItemDialog } from "../item-dialog";
import { Notice, type NoticeState } from "../notice";
import { RegenerateDialog } from "../regenerate-dialog";
import { BRollCard, type BRollAction } from "./b-roll-card";
import { CompareTakes } from "./compare-takes";
import { TakeGroupCard } from "./take-group-card";
import type { useBRolls } from "./use-b-rolls";

const gridClass = "columns-2 gap-3 md:columns-3 sm:gap-4";

type Entry = { bRoll: BRollResponse } | { takeGroupId: string; takes: BRollResponse[] };

/** The list as the grid shows it: a group's takes together as one entry, where its newest take is. */
function entriesOf(items: BRollResponse[]): Entry[] {
  const groups = new Map<string, BRollResponse[]>();
  const entries: Entry[] = [];
  for (const bRoll of items) {
    if (!bRoll.takeGroupId) {
      entries.push({ bRoll });
      continue;
    }
    const group = groups.get(bRoll.takeGroupId);
    if (group) group.push(bRoll);
    else {
      const takes = [bRoll];
      groups.set(bRoll.takeGroupId, takes);
      entries.push({ takeGroupId: bRoll.takeGroupId, takes });
    }
  }
  for (const takes of groups.values()) takes.sort((a, b) => (a.takeIndex ?? 0) - (b.takeIndex ?? 0));
  // A group left with one take (the others discarded) is a b-roll like any other.
  return entries.map((entry) => ("takes" in entry && entry.takes.length === 1 ? { bRoll: entry.takes[0] } : entry));
}

export function BRollGrid({ projectId, state }: { projectId: string; state: ReturnType<typeof useBRolls> }) {
  const t = useTranslations("projects.bRolls");
  const ta = useTranslations("assets");
  const { list, error, load, loadMore, loadingMore, upsert, remove, processingCount } = state;
  const [dialog, setDialog] = useState<{ action: Exclude<BRollAction, "retry" | "keep">; item: BRollResponse } | null>(null);
  const [comparing, setComparing] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const paidPost = usePaidPost();
  const close = () => setDialog(null);

  const retry = async (bRoll: BRollResponse) => {
    setRetrying(bRoll.id);
    setActionError(null);
    try {
      upsert(await paidPost<BRollResponse>(`/api/b-rolls/${bRoll.id}/retry`));
    } catch (e) {
      setActionError(t("retryError", { name: bRoll.name, error: errorMessage(e) }));
      // 409: it is no longer failed (someone retried it already): show what it is now.
      if (e instanceof ApiClientError && e.status === 409) void api<BRollResponse>(`/api/b-rolls/${bRoll.id}`).then(upsert, () => undefined);
    } finally {
      setRetrying(null);
    }
  };

  const keep = async (bRoll: BRollResponse) => {
    setActionError(null);
    try {
      upsert(await api<BRollResponse>(`/api/b-rolls/${bRoll.id}`, { method: "PATCH", body: { favorite: !bRoll.favorite } }));
    } catch (e) {
      setActionError(t("keepError", { name: bRoll.name, error: errorMessage(e) }));
    }
  };

  const act = (bRoll: BRollResponse, action: BRollAction) => {
    if (action === "retry") void retry(bRoll);
    else if (action === "keep") void keep(bRoll);
    else setDialog({ action, item: bRoll });
  };
  const onAction = (bRoll: BRollResponse) => (action: BRollAction) => act(bRoll, action);
  const entries = list ? entriesOf(list.items) : [];
  const compared = comparing ? entries.find((entry) => "takes" in entry && entry.takeGroupId === comparing) : undefined;
  const comparedTakes = compared && "takes" in compared ? compared.takes.filter((take) => take.status === "ready" && take.videoUrl) : [];
  /** A regeneration's reply: one b-roll, or the takes of a new group. */
  const created = (reply: CreateBRollResponse) => {
    const takes = "takes" in reply ? reply.takes : [reply];
    [...takes].reverse().forEach(upsert);
    return takes;
  };

  return (
    <section aria-labelledby="b-rolls-heading">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="b-rolls-heading" className="text-lg font-semibold text-white">
          {t("heading")}
          {list ? <span className="ml-2 text-sm font-normal text-slate-400">{list.total}</span> : null}
        </h2>
        {processingCount ? (
          <p className="text-xs text-amber-200" role="status">
            {t("generating", { count: processingCount })}
          </p>
        ) : null}
      </div>

      <ErrorBox message={actionError} className="mb-3" />
      <Notice notice={notice} onDismiss={() => setNotice(null)} />

      {error && !list ? (
        <ErrorBox message={t("loadError", { error: error.message })} onRetry={() => void load()} />
      ) : !list ? (
        <div aria-busy="true">
          <Spinner label={t("loading")} />
          <div className={`${gridClass} mt-3`} aria-hidden>
            {[0, 1, 2].map((i) => (
              <div key={i} className="mb-3 animate-pulse break-inside-avoid rounded-2xl border border-slate-800 bg-slate-900/60 p-2">
                <div className="rounded-xl bg-slate-800" style={{ aspectRatio: "9 / 16" }} />
                <div className="mt-3 h-3 w-2/3 rounded bg-slate-800" />
                <div className="mt-2 mb-2 h-3 w-1/2 rounded bg-slate-800" />
              </div>
            ))}
          </div>
        </div>
      ) : list.items.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyText")}</EmptyState>
      ) : (
        <>
          <div className={gridClass} data-testid="b-roll-grid">
            {entries.map((entry) =>
              "takes" in entry ? (
                <TakeGroupCard key={entry.takeGroupId} takes={entry.takes} retrying={retrying} onAction={act} onCompare={() => setComparing(entry.takeGroupId)} />
              ) : (
                <BRollCard key={entry.bRoll.id} bRoll={entry.bRoll} retrying={retrying === entry.bRoll.id} onAction={onAction(entry.bRoll)} />
              ),
            )}
          </div>
          {list.hasMore ? (
            <div className="mt-4 flex justify-center">
              <LoadMoreButton loading={loadingMore} onClick={() => void loadMore()} label={t("loadMore", { count: list.total - list.items.length })} />
            </div>
          ) : null}
        </>
      )}

      <ItemDialog
        noun="b-roll"
        dialog={dialog && (dialog.action === "rename" || dialog.action === "delete") ? { action: dialog.action, item: dialog.item } : null}
        onClose={close}
        onRenamed={upsert}
        onDeleted={(bRoll) => {
          remove(bRoll.id);
          close();
        }}
        consequences={(bRoll) => <p>{ta("item.deleteBRoll", { processing: String(bRoll.status === "processing") })}</p>}
      />
      {dialog?.action === "duplicate" ? (
        <DuplicateDialog<BRollResponse>
          noun="b-roll"
          item={dialog.item}
          fromProjectId={projectId}
          onClose={close}
          onDuplicated={(copy, project) => setNotice({ text: ta("notice.copied", { name: copy.name, project: project.name }), link: { href: `/projects/${project.id}`, label: ta("notice.open", { project: project.name }) } })}
        />
      ) : null}
      {dialog?.action === "regenerate" || dialog?.action === "moreLikeThis" ? (
        <RegenerateDialog<CreateBRollResponse>
          noun="b-roll"
          kind={dialog.item.type}
          item={dialog.item}
          lockSeed={dialog.action === "moreLikeThis"}
          onClose={close}
          onCreated={(reply) => {
            const takes = created(reply);
            setNotice({ text: takes.length > 1 ? t("takesStarted", { name: takes[0].name, count: takes.length }) : ta("notice.regenerating", { name: takes[0].name }) });
          }}
        />
      ) : null}
      {compared && comparedTakes.length >= 2 ? (
        <CompareTakes
          key={comparing}
          takes={comparedTakes}
          onClose={() => setComparing(null)}
          onUpdated={upsert}
          onDiscarded={(id) => {
            remove(id);
            if (comparedTakes.length <= 2) setComparing(null);
          }}
        />
      ) : null}
    </section>
  );
}
