"use client";
// The price of a generation before it is made, from POST /api/estimates (the server's one price
// table), for forms whose page does not pass prices down. Refetched when the options change; null
// while loading or when the estimate is unavailable (the button then simply shows no price).
import { useEffect, useState } from "react";
import type { EstimateBody, EstimateResponse } from "@/_shared/schemas/estimate";
import { api } from "./api-client";

export function useEstimate(request: EstimateBody): number | null {
  const key = JSON.stringify(request);
  const [price, setPrice] = useState<{ key: string; usd: number } | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api<EstimateResponse>("/api/estimates", { body: JSON.parse(key) as EstimateBody }).then(
        (reply) => live && setPrice({ key, usd: reply.estimatedCostUsd }),
        () => live && setPrice(null),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return price?.key === key ? price.usd : null;
}
