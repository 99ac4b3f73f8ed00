"use client";
import { useEffect, useRef } from "react";

/** Calls `tick` every `intervalMs` while `active` (e.g. while something is processing). */
export function usePolling(tick: () => void | Promise<void>, intervalMs: number, active: boolean) {
  const saved = useRef(tick);
  useEffect(() => {
    saved.current = tick;
  }, [tick]);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void saved.current(), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
}
