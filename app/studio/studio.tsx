"use client";
// The avatar studio: describe (or upload) -> pick -> refine with a version history -> create -> live
// status. The session id (URL `?session=`) keeps the pictures across reloads (the API lists them);
// `?avatar=` keeps following a created avatar's job after a reload.
import { useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "../_lib/api-client";
import { fetchSessionImages } from "../_lib/session-images";
import { useResource } from "../_lib/use-resource";
import { ErrorBox } from "../_components/ui";
import { AvatarProgress } from "./avatar-progress";
import type { PrivateAvatarWithCost } from "@/_shared/schemas/private-avatar";
import { CreateAvatarForm } from "./create-avatar-form";
import { ImageEditor } from "./image-editor";
import { PictureStep } from "./picture-step";
import type { StudioPrices } from "./prices";
import { editedImages, EMPTY_MEMORY, loadMemory, pruneMemory, saveMemory, type StudioMemory, type Version } from "./studio-memory";

function studioUrl(sessionId: string, avatarId: string | null) {
  const params = new URLSearchParams({ session: sessionId });
  if (avatarId) params.set("avatar", avatarId);
  return `/studio?${params}`;
}

export function Studio({ sessionId, initialAvatarId, simulated, prices }: { sessionId: string; initialAvatarId: string | null; simulated: boolean; prices: StudioPrices }) {
  const [memory, setMemory] = useState<StudioMemory>(EMPTY_MEMORY);
  const [restored, setRestored] = useState(false);
  const restoredRef = useRef(false);
  const [avatarId, setAvatarId] = useState(initialAvatarId);
  const [cost, setCost] = useState<number | null>(null);

  const session = useResource(`/api/images/temp/${sessionId}`, (signal) => fetchSessionImages(sessionId, signal), {
    onData: (images) => {
      const first = !restoredRef.current;
      restoredRef.current = true;
      setMemory((current) => {
        // The first time, bring back what this session remembered (but keep a description typed meanwhile).
        const stored = first ? loadMemory(sessionId) : null;
        const base = stored ? { ...stored, prompt: current.prompt || stored.prompt } : current;
        return pruneMemory(base, new Set(images.map((i) => i.imageUrl)));
      });
      setRestored(true);
    },
  });
  const images = session.data ?? [];
  const listError = session.error ? errorMessage(session.error) : null;
  const loadSession = session.refetch;
  useEffect(() => {
    if (restored) saveMemory(sessionId, memory);
  }, [sessionId, memory, restored]);

  const showAvatar = (id: string | null) => {
    setAvatarId(id);
    window.history.replaceState(null, "", studioUrl(sessionId, id));
  };

  const pick = (imageUrl: string) =>
    setMemory((m) => {
      const versions = m.histories[imageUrl] ?? [{ imageUrl, note: null, from: null }];
      return { ...m, histories: { ...m.histories, [imageUrl]: versions }, picked: imageUrl, index: versions.length - 1 };
    });
  const addVersion = (version: Version) =>
    setMemory((m) => {
      if (!m.picked) return m;
      const versions = [...m.histories[m.picked], version];
      return { ...m, histories: { ...m.histories, [m.picked]: versions }, index: versions.length - 1 };
    });

  const edits = useMemo(() => editedImages(memory), [memory]);
  const candidates = images.filter((image) => !edits.has(image.imageUrl));
  const versions = memory.picked ? memory.histories[memory.picked] : null;
  const current = versions?.[memory.index] ?? null;

  if (avatarId) {
    return (
      <AvatarProgress
        key={avatarId}
        avatarId={avatarId}
        format={memory.formats[avatarId] ?? "9:16"}
        simulated={simulated}
        estimatedCostUsd={cost}
        onBack={() => {
          showAvatar(null);
          void loadSession();
        }}
      />
    );
  }

  return (
    <div className="space-y-6">
      {listError ? <ErrorBox message={`Could not load this session's pictures: ${listError}`} onRetry={() => void loadSession()} /> : null}
      <PictureStep
        sessionId={sessionId}
        candidates={candidates}
        picked={memory.picked}
        loading={session.loading}
        prices={prices.generate}
        prompt={memory.prompt}
        onPromptChange={(prompt) => setMemory((m) => ({ ...m, prompt }))}
        onAdded={(added, pickUrl) => {
          session.mutate((list = []) => [...added, ...list.filter((i) => !added.some((a) => a.imageUrl === i.imageUrl))]);
          if (pickUrl) pick(pickUrl);
        }}
        onPick={pick}
      />
      {versions && current ? (
        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <ImageEditor sessionId={sessionId} price={prices.edit} versions={versions} index={memory.index} onEdited={addVersion} onSelect={(index) => setMemory((m) => ({ ...m, index }))} />
          <CreateAvatarForm
            imageUrl={current.imageUrl}
            prices={prices.clip}
            onCreated={(avatar: PrivateAvatarWithCost, format) => {
              setMemory((m) => ({ ...m, formats: { ...m.formats, [avatar.id]: format } }));
              setCost(avatar.estimatedCostUsd);
              showAvatar(avatar.id);
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
