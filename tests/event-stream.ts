// GET /api/events read as EventSource reads it: the events a user's stream sends, collected until closed.
import { NextRequest } from "next/server";
import type { JobUpdate } from "@/_shared/schemas/events";
import type { RenditionResponse } from "@/_shared/schemas/rendition";
import * as events from "@/app/api/events/route";
import type { TestUser } from "./helpers";

interface StreamEvent {
  event: string;
  data: unknown;
}

/** Opens GET /api/events as EventSource would, and collects what it sends until `close()`. */
export async function openStream(user: TestUser | null) {
  const controller = new AbortController();
  const headers = new Headers({ accept: "text/event-stream" });
  if (user) headers.set("cookie", `next-auth.session-token=${user.token}`);
  const res = await events.GET(new NextRequest("http://localhost:3000/api/events", { headers, signal: controller.signal }));
  const received: StreamEvent[] = [];
  const state = { raw: "" };
  const done = (async () => {
    if (!res.body || res.status !== 200) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        const text = decoder.decode(value, { stream: true });
        state.raw += text;
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) received.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // Aborted.
    }
  })();
  return {
    res,
    received,
    raw: () => state.raw,
    jobEvents: (jobId: string) => received.filter((e) => e.event === "job" && (e.data as JobUpdate).jobId === jobId).map((e) => e.data as JobUpdate),
    renditionEvents: (id: string) => received.filter((e) => e.event === "rendition" && (e.data as RenditionResponse).id === id).map((e) => e.data as RenditionResponse),
    async close() {
      controller.abort();
      await done;
    },
  };
}
