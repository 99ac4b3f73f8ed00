"use client";
// The price of a generation before it is made, from POST /api/estimates (the server's one price
// table), for forms whose page does not pass prices down. Asked again 150 ms after the options last
// change; null while loading or when the estimate is unavailable (the button then shows no price).
import type { EstimateBody, EstimateResponse } from "@/_shared/schemas/estimate";
import { api } from "./api-client";
import { useResource } from "./use-resource";

export function useEstimate(request: EstimateBody): number | null {
  const estimate = useResource(JSON.stringify(request), (signal) => api<EstimateResponse>("/api/estimates", { body: request, signal }), { delayMs: 150 });
  return estimate.data && !estimate.error ? estimate.data.estimatedCostUsd : null;
}
