import "server-only";
// GET /api/events: the caller's job and spend updates. With `Accept: text/event-stream` (what
// EventSource sends) a Server-Sent Events stream: a `snapshot` first (running jobs, today's spend),
// then `job`, `rendition` and `spend` events as they happen, and a comment every HEARTBEAT_MS so proxies keep the
// connection. Otherwise the snapshot as JSON: the browser's fallback while the stream is down, and a
// one-off read for other clients. Only the caller's own jobs are ever read (the notice names the
// user; the job is read again under that user).
import { logger } from "@/_shared/lib/logger";
import type { SessionUser } from "@/_shared/lib/session";
import { eventSnapshot, type EventSnapshot, type JobUpdate, type SpendUpdate } from "@/_shared/schemas/events";
import { getSpendLimits } from "@/_shared/core/spend/limits";
import { renditionUpdateFor } from "@/_shared/core/renditions/renditions";
import { FAL_STATUS_INTERVAL_MS, refreshFalStatuses } from "./fal-progress";
import { subscribeToJobEvents } from "./job-events";
import { activeJobUpdates, jobUpdateFor } from "./progress";

const HEARTBEAT_MS = 15_000;

/** The caller's running video jobs and today's spend. */
export async function getEventSnapshot(user: SessionUser): Promise<EventSnapshot> {
  const [jobs, spend] = await Promise.all([activeJobUpdates(user.id), getSpendLimits(user)]);
  return eventSnapshot.parse({ jobs, spend });
}

// One reader of Fal's statuses per user and process, however many tabs the user has open here.
const globalForWatch = globalThis as typeof globalThis & { falWatchers?: Map<string, { streams: number; timer: NodeJS.Timeout }> };
const watchers = (globalForWatch.falWatchers ??= new Map());

function watchFalStatuses(userId: string): () => void {
  let watcher = watchers.get(userId);
  if (!watcher) {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      refreshFalStatuses(userId)
        .catch((error: unknown) => logger.info("fal status refresh failed", { userId, error }))
        .finally(() => (running = false));
    }, FAL_STATUS_INTERVAL_MS);
    timer.unref();
    watchers.set(userId, (watcher = { streams: 0, timer }));
  }
  watcher.streams++;
  return () => {
    watcher.streams--;
    if (watcher.streams > 0) return;
    clearInterval(watcher.timer);
    watchers.delete(userId);
  };
}

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** The Server-Sent Events reply; it ends when the client goes (`signal`) or cancels the body. */
export function openEventStream(user: SessionUser, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let close = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let lastSpend = "";
      const cleanups: Array<() => void> = [];
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      close = () => {
        if (closed) return;
        closed = true;
        for (const cleanup of cleanups.splice(0)) cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      const sendSpend = (spend: SpendUpdate) => {
        const text = JSON.stringify(spend);
        if (text === lastSpend) return;
        lastSpend = text;
        send(frame("spend", spend));
      };
      const sendSnapshot = async () => {
        const snapshot = await getEventSnapshot(user);
        lastSpend = JSON.stringify(snapshot.spend);
        send(frame("snapshot", snapshot));
      };
      // Notices are handled one after another, so events leave in the order they happened.
      let chain = Promise.resolve();
      const onNotice = (notice: { jobId?: string; renditionId?: string; deleted?: true; resync?: true }) => {
        chain = chain
          .then(async () => {
            if (closed) return;
            if (notice.resync) return sendSnapshot();
            // Only its id: the row is gone, and only streams that could see it are told.
            if (notice.renditionId && notice.deleted) return send(frame("rendition-deleted", { id: notice.renditionId }));
            if (notice.renditionId) {
              const rendition = await renditionUpdateFor(user, notice.renditionId);
              if (rendition) send(frame("rendition", rendition));
              return;
            }
            const update: JobUpdate | null = notice.jobId ? await jobUpdateFor(user.id, notice.jobId) : null;
            if (update?.resource) send(frame("job", update));
            sendSpend(await getSpendLimits(user));
          })
          .catch((error: unknown) => logger.warn("could not send a job event", { userId: user.id, error }));
      };

      signal.addEventListener("abort", () => close(), { once: true });
      send(`retry: 3000\n\n`);
      try {
        cleanups.push(await subscribeToJobEvents(user.id, onNotice));
        if (closed) return close();
        cleanups.push(watchFalStatuses(user.id));
        const heartbeat = setInterval(() => send(`: ping ${Date.now()}\n\n`), HEARTBEAT_MS);
        cleanups.push(() => clearInterval(heartbeat));
        // Subscribed first, then the snapshot: nothing that happens in between is missed.
        await sendSnapshot();
      } catch (error) {
        logger.warn("event stream failed to start", { userId: user.id, error });
        close();
      }
    },
    cancel() {
      close();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      // nginx would otherwise buffer the stream.
      "x-accel-buffering": "no",
    },
  });
}
