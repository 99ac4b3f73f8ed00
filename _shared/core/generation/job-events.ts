import "server-only";
// Job and spend updates from whichever process makes them (a web process, a separate worker) to the
// processes holding the users' event streams: PostgreSQL NOTIFY on one channel, LISTEN on one
// dedicated connection per process that has a stream open. A notice carries ids only; each listener
// reads the job again (progress.ts), so a notice never holds more than 8000 bytes and never a stale
// state. Postgres is always there (Redis is optional in this app, and without it processes could not
// reach each other), and NOTIFY is delivered after the transaction that sent it commits.
import pg from "pg";
import { pgPoolConfig } from "@/_shared/lib/database-url";
import { getEnv } from "@/_shared/lib/env";
import { logger } from "@/_shared/lib/logger";
import { prisma } from "@/_shared/lib/prisma";

const CHANNEL = "better_ads_job_events";

/** What changed for a user: a job (its stage, queue place...), their spend, or a rendition. */
export interface JobNotice {
  /** EVERYONE: news for every stream (a public avatar's renditions are everyone's). */
  userId: string;
  jobId?: string;
  renditionId?: string;
  /** With `renditionId`: the rendition was deleted (there is nothing left to read of it). */
  deleted?: true;
}
const EVERYONE = "*";
/** `resync`: notices may have been missed (the listening connection was lost): read everything again. */
type Listener = (notice: JobNotice | { userId: string; resync: true }) => void;

async function notify(notice: JobNotice): Promise<void> {
  try {
    await prisma.$executeRaw`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(notice)})`;
  } catch (error) {
    // Streams catch up through their fallback; a notice must never fail the step it reports.
    logger.warn("could not publish a job event", { ...notice, error });
  }
}

/** Tells the streams that may see a rendition (its owner's; everyone's for a shared one) that it changed. */
export async function publishRenditionUpdate(row: { id: string; userId: string | null }): Promise<void> {
  await notify({ userId: row.userId ?? EVERYONE, renditionId: row.id });
}

/** Tells the streams that could see a rendition that it is gone, so open panels drop it. */
export async function publishRenditionDeleted(row: { id: string; userId: string | null }): Promise<void> {
  await notify({ userId: row.userId ?? EVERYONE, renditionId: row.id, deleted: true });
}

/** Tells the job owner's streams that the job changed (and so, perhaps, their spend). */
export async function publishJobUpdate(jobId: string): Promise<void> {
  const job = await prisma.generationJob.findUnique({ where: { id: jobId }, select: { userId: true } }).catch(() => null);
  if (job?.userId) await notify({ userId: job.userId, jobId });
}

// ----- listening -----

interface Hub {
  listeners: Map<string, Set<Listener>>;
  client: pg.Client | null;
  connecting: Promise<void> | null;
  retryMs: number;
}
const globalForHub = globalThis as typeof globalThis & { jobEventHub?: Hub };
const hub: Hub = (globalForHub.jobEventHub ??= { listeners: new Map(), client: null, connecting: null, retryMs: 500 });

function dispatch(payload: string | undefined) {
  let notice: JobNotice;
  try {
    notice = JSON.parse(payload ?? "") as JobNotice;
  } catch {
    return;
  }
  if (typeof notice?.userId !== "string") return;
  if (notice.userId === EVERYONE) {
    for (const [userId, set] of hub.listeners) for (const listener of set) listener({ ...notice, userId });
    return;
  }
  for (const listener of hub.listeners.get(notice.userId) ?? []) listener(notice);
}

function resyncAll() {
  for (const [userId, set] of hub.listeners) for (const listener of set) listener({ userId, resync: true });
}

function connect(): Promise<void> {
  hub.connecting ??= (async () => {
    const client = new pg.Client(pgPoolConfig(getEnv().DATABASE_URL));
    client.on("notification", (message) => {
      if (message.channel === CHANNEL) dispatch(message.payload);
    });
    client.on("error", (error) => {
      logger.warn("job event listener lost its connection; reconnecting", { error });
      dropClient(client);
    });
    client.on("end", () => dropClient(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      hub.client = client;
      hub.retryMs = 500;
    } catch (error) {
      logger.warn("job event listener could not connect; retrying", { error, retryMs: hub.retryMs });
      await client.end().catch(() => undefined);
      scheduleReconnect();
    } finally {
      hub.connecting = null;
    }
  })();
  return hub.connecting;
}

function dropClient(client: pg.Client) {
  if (hub.client !== client) return;
  hub.client = null;
  void client.end().catch(() => undefined);
  scheduleReconnect();
}

function scheduleReconnect() {
  if (hub.listeners.size === 0) return;
  const wait = hub.retryMs;
  hub.retryMs = Math.min(hub.retryMs * 2, 10_000);
  setTimeout(() => {
    if (hub.client || hub.listeners.size === 0) return;
    // Whatever happened while nobody listened is read again by every stream.
    void connect().then(() => {
      if (hub.client) resyncAll();
    });
  }, wait).unref();
}

/** Calls `listener` with every notice about `userId` until the returned function is called. */
export async function subscribeToJobEvents(userId: string, listener: Listener): Promise<() => void> {
  let set = hub.listeners.get(userId);
  if (!set) hub.listeners.set(userId, (set = new Set()));
  set.add(listener);
  if (!hub.client) await connect();
  return () => {
    set.delete(listener);
    if (set.size === 0 && hub.listeners.get(userId) === set) hub.listeners.delete(userId);
  };
}

/** Streams open in this process (for tests and metrics). */
export const openSubscriptions = () => [...hub.listeners.values()].reduce((n, set) => n + set.size, 0);
