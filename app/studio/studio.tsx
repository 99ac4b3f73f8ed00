"use client";
// The avatar studio: describe (or upload) -> pick -> refine with a version history -> create -> live
// status. The session (URL `?session=`) is kept by the server: its pictures in order, which is an edit
// of which, the pick and the prompts (GET/PATCH /api/images/sessions/:sessionId), so a reload, Back
// after leaving mid-request, or the same URL in another browser all show the same studio. `?avatar=`
// keeps following a created avatar's job after a reload.
import { useTranslations } from "next-intl";
import { useState, useSyncExternalStore } from "react";
import { errorMessage } from "../_lib/api-client";
import { ErrorBox } from "../_components/ui";
import { cameFromUpload } from "../_components/consent-checkbox";
import { AvatarProgress } from "./avatar-progress";
import type { PrivateAvatarWithCost } from "@/_shared/schemas/private-avatar";
import { CreateAvatarForm } from "./create-avatar-form";
import { ImageEditor } from "./image-editor";
import { PictureStep } from "./picture-step";
import { VariationsForm } from "./variations-form";
import { VariationsGrid } from "./variations-grid";
import type { StudioPrices } from "./prices";
import { rememberedFormat, rememberFormat } from "./studio-memory";
import { latestVersionOf, studioView, useSessionSaver, useStudioSession, type StudioSession } from "./studio-session";

function studioUrl(sessionId: string, shown: { avatar?: string | null; grid?: string | null }) {
  const params = new URLSearchParams({ session: sessionId });
  if (shown.avatar) params.set("avatar", shown.avatar);
  if (shown.grid) params.set("grid", shown.grid);
  return `/studio?${params}`;
}

const noSubscription = () => () => undefined;

export function Studio({ sessionId, initialAvatarId, initialGridId, prices }: { sessionId: string; initialAvatarId: string | null; initialGridId: string | null; prices: StudioPrices }) {
  const t = useTranslations("studio");
  const [avatarId, setAvatarId] = useState(initialAvatarId);
  const [grid, setGrid] = useState<{ id: string; format: string; cost: number | null } | null>(initialGridId ? { id: initialGridId, format: "9:16", cost: null } : null);
  // The seed of the last clip made here: the seed locks send it with a changed motion.
  const [lastSeed, setLastSeed] = useState<number | null>(null);
  const [cost, setCost] = useState<number | null>(null);
  const [createdFormat, setCreatedFormat] = useState<{ avatarId: string; format: string } | null>(null);
  const remembered = useSyncExternalStore(noSubscription, () => (avatarId ? rememberedFormat(avatarId) : null), () => null);
  // What the user typed here, until then the server's text (which another browser may have changed).
  const [promptDraft, setPromptDraft] = useState<string | null>(null);
  const [motionDraft, setMotionDraft] = useState<string | null>(null);
  // The picture the likeness consent was ticked for (held here: the create form may be shown afresh).
  const [consentedFor, setConsentedFor] = useState<string | null>(null);

  const session = useStudioSession(sessionId);
  const saver = useSessionSaver(sessionId, (saved) => session.mutate(() => saved));
  const data = session.data;
  const view = studioView(data);
  const listError = session.error ? errorMessage(session.error) : null;
  const reload = session.refetch;

  const showAvatar = (id: string | null) => {
    setAvatarId(id);
    window.history.replaceState(null, "", studioUrl(sessionId, { avatar: id }));
  };
  const showGrid = (shown: { id: string; format: string; cost: number | null } | null) => {
    setGrid(shown);
    window.history.replaceState(null, "", studioUrl(sessionId, { grid: shown?.id }));
  };

  if (grid) {
    return (
      <VariationsGrid
        key={grid.id}
        gridId={grid.id}
        format={grid.format}
        estimatedCostUsd={grid.cost}
        onBack={() => {
          showGrid(null);
          void reload();
        }}
      />
    );
  }

  /** Makes `imageUrl` (a picture or one of its versions) the current one, here at once and on the server. */
  const choose = (imageUrl: string) => {
    session.mutate((current) => current && ({ ...current, pickedImageUrl: imageUrl } satisfies StudioSession));
    saver.save({ pickedImageUrl: imageUrl }, { now: true });
  };

  if (avatarId) {
    return (
      <AvatarProgress
        key={avatarId}
        avatarId={avatarId}
        format={(createdFormat?.avatarId === avatarId ? createdFormat.format : remembered) ?? "9:16"}
        estimatedCostUsd={cost}
        onBack={() => {
          showAvatar(null);
          void reload();
        }}
      />
    );
  }

  const current = view.versions?.[view.index] ?? null;
  return (
    <div className="space-y-6">
      {listError ? <ErrorBox message={t("loadPicturesFailed", { error: listError })} onRetry={() => void reload()} /> : null}
      {saver.error ? <ErrorBox message={t("saveFailed", { error: saver.error })} /> : null}
      <PictureStep
        sessionId={sessionId}
        candidates={view.candidates}
        picked={view.picked}
        loading={data === undefined && !session.error}
        pendingPictures={view.pendingPictures}
        prices={prices.generate}
        prompt={promptDraft ?? data?.prompt ?? ""}
        onPromptChange={(prompt) => {
          setPromptDraft(prompt);
          saver.save({ prompt });
        }}
        onAdded={() => reload()}
        onPick={(original) => choose(latestVersionOf(data, original))}
      />
      {view.versions && current ? (
        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <ImageEditor
            sessionId={sessionId}
            price={prices.edit}
            versions={view.versions}
            index={view.index}
            editing={view.editing}
            onEdited={() => reload()}
            onSelect={(index) => view.versions && choose(view.versions[index].imageUrl)}
          />
          <CreateAvatarForm
            imageUrl={current.imageUrl}
            needsConsent={cameFromUpload(data?.images ?? [], current.imageUrl)}
            consented={consentedFor === current.imageUrl}
            onConsentChange={(ticked) => setConsentedFor(ticked ? current.imageUrl : null)}
            prices={prices.clip}
            fallback={prices.fallback}
            motion={motionDraft ?? data?.motionPrompt ?? ""}
            onMotionChange={(motionPrompt) => {
              setMotionDraft(motionPrompt);
              saver.save({ motionPrompt });
            }}
            lastSeed={lastSeed}
            onCreated={(avatar: PrivateAvatarWithCost, format) => {
              setLastSeed(avatar.seed);
              rememberFormat(avatar.id, format);
              setCreatedFormat({ avatarId: avatar.id, format });
              setCost(avatar.estimatedCostUsd);
              showAvatar(avatar.id);
            }}
          />
        </div>
      ) : null}
      {data?.images.length ? (
        <VariationsForm
          sessionId={sessionId}
          pictures={[...data.images].reverse()}
          motion={motionDraft ?? data.motionPrompt}
          lastSeed={lastSeed}
          onCreated={(created, format) => {
            setLastSeed(created.variations[0]?.seed ?? null);
            showGrid({ id: created.gridId, format, cost: created.estimatedCostUsd });
          }}
        />
      ) : null}
    </div>
  );
}
