// Prometheus metrics (prom-client) of this process, served by GET /api/metrics (and by a separate
// worker's own port). One registry per process, kept on globalThis so every bundle of the Next
// server (route handlers, instrumentation) records into the same one. Labels are bounded: routes are
// patterns, models come from the registry, never user input.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

const SECONDS_HTTP = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];
const SECONDS_GENERATION = [1, 2, 5, 10, 20, 30, 60, 120, 180, 300, 600, 1200, 1800];
const SECONDS_FINALIZE = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60, 120];

function createMetrics() {
  const registry = new Registry();
  // prom-client's default names already start with process_ / nodejs_ (better_ads_process_cpu_seconds_total...).
  collectDefaultMetrics({ register: registry, prefix: "better_ads_" });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: "better_ads_http_requests_total", help: "API requests by method, route pattern and status", labelNames: ["method", "route", "status"], registers }),
    httpDuration: new Histogram({ name: "better_ads_http_request_duration_seconds", help: "API request latency", labelNames: ["method", "route", "status"], buckets: SECONDS_HTTP, registers }),
    falSubmissions: new Counter({ name: "better_ads_fal_submissions_total", help: "Requests accepted by Fal.ai, by model and kind", labelNames: ["model", "kind"], registers }),
    falJobs: new Counter({ name: "better_ads_fal_jobs_total", help: "Finished generation jobs by model, kind and outcome (completed | failed)", labelNames: ["model", "kind", "outcome"], registers }),
    generationDuration: new Histogram({
      name: "better_ads_generation_duration_seconds",
      help: "Generation time by model, kind and phase (queue: created to submitted; inference: Fal's own timing; total: created to finished)",
      labelNames: ["model", "kind", "phase"],
      buckets: SECONDS_GENERATION,
      registers,
    }),
    finalizeDuration: new Histogram({ name: "better_ads_finalization_duration_seconds", help: "Copying a finished video into our bucket (download, remux, upload, thumbnail)", labelNames: ["kind"], buckets: SECONDS_FINALIZE, registers }),
    finalizeBytes: new Counter({ name: "better_ads_finalization_bytes_total", help: "Bytes of video copied into our bucket", labelNames: ["kind"], registers }),
    cacheRequests: new Counter({ name: "better_ads_cache_requests_total", help: "Cache lookups by cache and result (hit | miss)", labelNames: ["cache", "result"], registers }),
    spend: new Counter({ name: "better_ads_estimated_spend_usd_total", help: "Estimated Fal.ai spend in USD of submitted requests, by model", labelNames: ["model"], registers }),
    limitRejections: new Counter({ name: "better_ads_limit_rejections_total", help: "Generation requests refused by a per-user limit (rate | daily_spend)", labelNames: ["limit"], registers }),
    alertsSent: new Counter({ name: "better_ads_alerts_total", help: "Alert messages by condition type and state (firing | resolved)", labelNames: ["condition", "state"], registers }),
    queueDepth: new Gauge({ name: "better_ads_queue_depth", help: "Background jobs waiting per queue (pg-boss), and generations waiting on Fal.ai (queue=fal)", labelNames: ["queue"], registers }),
    queueOldest: new Gauge({
      name: "better_ads_queue_oldest_waiting_seconds",
      help: "How long the longest-waiting job has waited, per queue (pg-boss: since it became runnable; fal: since the generation was created)",
      labelNames: ["queue"],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as typeof globalThis & { betterAdsMetrics?: Metrics };

export function getMetrics(): Metrics {
  globalForMetrics.betterAdsMetrics ??= createMetrics();
  return globalForMetrics.betterAdsMetrics;
}

// The static segments of our API paths (app/api/**); anything else in a path is a parameter.
const STATIC_SEGMENTS = new Set(
  "api admin auth avatars b-rolls estimates fal generate health images jobs media metrics modify openapi.json private projects public retry tags temp upload webhooks".split(" "),
);

/** A route pattern for a request path: ids, slugs and media keys fold into `:param`, so label values stay bounded. */
export function routeLabel(pathname: string): string {
  if (pathname.startsWith("/api/media/")) return "/api/media/:key";
  if (pathname.startsWith("/api/auth/")) return "/api/auth/:action";
  return pathname
    .split("/")
    .slice(0, 8)
    .map((segment) => (segment === "" || STATIC_SEGMENTS.has(segment) ? segment : ":param"))
    .join("/");
}
