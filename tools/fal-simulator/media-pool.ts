import { availableParallelism } from "node:os";
import { concurrencyLimit } from "../../_shared/lib/concurrency-limit";

/**
 * Media production (sharp renders, ffmpeg encodes) goes through one bounded pool per process, so a
 * burst of requests never starts one ffmpeg per job at once: beyond the pool's size they wait their
 * turn, whatever the account's `concurrency` control lets run. Simulators in one process share it,
 * as they share the machine's cores.
 */
export interface MediaPool {
  /** How many media tasks run at once: the number of CPUs. */
  readonly size: number;
  /** ffmpeg processes alive now, counted from spawn to exit. */
  readonly ffmpegProcesses: number;
  /** The most ffmpeg processes alive at once since the last `resetPeak()`. */
  readonly ffmpegPeak: number;
  resetPeak(): void;
}

const size = Math.max(1, availableParallelism());
const limit = concurrencyLimit(size);
let ffmpegLive = 0;
let ffmpegPeak = 0;

export const mediaPool: MediaPool = {
  size,
  get ffmpegProcesses() {
    return ffmpegLive;
  },
  get ffmpegPeak() {
    return ffmpegPeak;
  },
  resetPeak() {
    ffmpegPeak = ffmpegLive;
  },
};

/** Runs `task` once a slot is free; the slot is given back when it settles. */
export function inMediaPool<T>(task: () => Promise<T>): Promise<T> {
  return limit(task);
}

/** Bookkeeping of one ffmpeg process: call on spawn, and the returned function once it has exited. */
export function countFfmpegProcess(): () => void {
  ffmpegLive += 1;
  ffmpegPeak = Math.max(ffmpegPeak, ffmpegLive);
  let counted = true;
  return () => {
    if (counted) ffmpegLive -= 1;
    counted = false;
  };
}
