"use client";
// The project's b-rolls as a masonry of cards (CSS columns: 9:16, 16:9 and 1:1 clips pack without
// holes), with the dialogs of their menus (rename, delete, copy to another project, edit prompt and
// regenerate) and retry.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { BRollResponse } from "@/_shared/schemas/b-roll";
import { EmptyState, ErrorBox, LoadMoreButton, Spinner } from "../../_components/ui";
import { api, ApiClientError, errorMessage } from "../../_lib/api-client";
import { usePaidPost } from "../../_lib/idempotency";
import { DuplicateDialog } from "../duplicate-dialog";
import { ItemDialog } from "../item-dialog";
import { Notice, type NoticeState } from "../notice";
import { RegenerateDialog } from "../regenerate-dialog";
import { BRollCard, type BRollAction } from "./b-roll-card";
import type { useBRolls } from "./use-b-rolls";

const gridClass = "columns-2 gap-3 md:columns-3 sm:gap-4";

export function BRollGrid({ projectId, state }: { projectId: string; state: ReturnType<typeof useBRolls> }) {
  const t = useTranslations("projects.bRolls");
  const ta = useTranslations("assets");
  const { list, error, load, loadMore, loadingMore, upsert, remove, processingCount } = state;
  const [dialog, setDialog] = useState<{ action: Exclude<BRollAction, "retry">; item: BRollResponse } | null>(null);
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

  const onAction = (bRoll: BRollResponse) => (action: BRollAction) => (action === "retry" ? void retry(bRoll) : setDialog({ action, item: bRoll }));

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
            {list.items.map((bRoll) => (
              <BRollCard key={bRoll.id} bRoll={bRoll} retrying={retrying === bRoll.id} onAction={onAction(bRoll)} />
            ))}
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
      {dialog?.action === "regenerate" ? (
        <RegenerateDialog<BRollResponse>
          noun="b-roll"
          kind={dialog.item.type}
          item={dialog.item}
          onClose={close}
          onCreated={(created) => {
            upsert(created);
            setNotice({ text: ta("notice.regenerating", { name: created.name }) });
          }}
        />
      ) : null}
    </section>
  );
}
