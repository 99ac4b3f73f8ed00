"use client";
// The project's b-rolls as a grid of cards, with the rename/delete dialogs and retry.
import { useState } from "react";
import type { BRollResponse } from "@/_shared/schemas/b-roll";
import { EmptyState, ErrorBox, LoadMoreButton, Spinner } from "../../_components/ui";
import { api, ApiClientError, errorMessage } from "../../_lib/api-client";
import { plural } from "../../_lib/format";
import { usePaidPost } from "../../_lib/idempotency";
import { ItemDialog, type ItemDialogState } from "../item-dialog";
import { BRollCard } from "./b-roll-card";
import type { useBRolls } from "./use-b-rolls";

const gridClass = "grid grid-cols-1 items-start gap-3 min-[480px]:grid-cols-2 md:grid-cols-3 sm:gap-4";

export function BRollGrid({ state }: { state: ReturnType<typeof useBRolls> }) {
  const { list, error, load, loadMore, loadingMore, upsert, remove, processingCount } = state;
  const [dialog, setDialog] = useState<ItemDialogState<BRollResponse>>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const paidPost = usePaidPost();

  const retry = async (bRoll: BRollResponse) => {
    setRetrying(bRoll.id);
    setActionError(null);
    try {
      upsert(await paidPost<BRollResponse>(`/api/b-rolls/${bRoll.id}/retry`));
    } catch (e) {
      setActionError(`Could not retry "${bRoll.name}": ${errorMessage(e)}`);
      // 409: it is no longer failed (someone retried it already): show what it is now.
      if (e instanceof ApiClientError && e.status === 409) void api<BRollResponse>(`/api/b-rolls/${bRoll.id}`).then(upsert, () => undefined);
    } finally {
      setRetrying(null);
    }
  };

  return (
    <section aria-labelledby="b-rolls-heading">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="b-rolls-heading" className="text-lg font-semibold text-white">
          B-rolls
          {list ? <span className="ml-2 text-sm font-normal text-slate-400">{list.total}</span> : null}
        </h2>
        {processingCount ? (
          <p className="text-xs text-amber-200" role="status">
            {plural(processingCount, "clip")} generating — this page updates by itself
          </p>
        ) : null}
      </div>

      <ErrorBox message={actionError} className="mb-3" />

      {error && !list ? (
        <ErrorBox message={`Could not load the b-rolls: ${error.message}`} onRetry={() => void load()} />
      ) : !list ? (
        <div aria-busy="true">
          <Spinner label="Loading b-rolls" />
          <div className={`${gridClass} mt-3`} aria-hidden>
            {[0, 1, 2].map((i) => (
              <div key={i} className="animate-pulse rounded-2xl border border-slate-800 bg-slate-900/60 p-2">
                <div className="rounded-xl bg-slate-800" style={{ aspectRatio: "9 / 16" }} />
                <div className="mt-3 h-3 w-2/3 rounded bg-slate-800" />
                <div className="mt-2 mb-2 h-3 w-1/2 rounded bg-slate-800" />
              </div>
            ))}
          </div>
        </div>
      ) : list.items.length === 0 ? (
        <EmptyState title="No b-rolls yet">Describe a shot in the “New b-roll” panel: it appears here while it is generated.</EmptyState>
      ) : (
        <>
          <div className={gridClass} data-testid="b-roll-grid">
            {list.items.map((bRoll) => (
              <BRollCard
                key={bRoll.id}
                bRoll={bRoll}
                retrying={retrying === bRoll.id}
                onRetry={() => void retry(bRoll)}
                onRename={() => setDialog({ action: "rename", item: bRoll })}
                onDelete={() => setDialog({ action: "delete", item: bRoll })}
              />
            ))}
          </div>
          {list.hasMore ? (
            <div className="mt-4 flex justify-center">
              <LoadMoreButton loading={loadingMore} onClick={() => void loadMore()} label={`Load more (${list.total - list.items.length} left)`} />
            </div>
          ) : null}
        </>
      )}

      <ItemDialog
        noun="b-roll"
        dialog={dialog}
        onClose={() => setDialog(null)}
        onRenamed={upsert}
        onDeleted={(bRoll) => {
          remove(bRoll.id);
          setDialog(null);
        }}
        consequences={(bRoll) => (
          <p>
            This permanently deletes the b-roll, its video and its thumbnail
            {bRoll.status === "processing" ? "; its generation still running is abandoned" : ""}. This cannot be undone.
          </p>
        )}
      />
    </section>
  );
}
