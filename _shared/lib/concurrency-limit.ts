// At most `size` tasks of one kind running at once in this process; the others wait their turn in
// arrival order. Plain TypeScript with no server imports: the Fal simulator's media pool uses it too.

export interface ConcurrencyLimit {
  /** Runs `task` once a slot is free; the slot is given back when it settles. */
  <T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly running: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

export function concurrencyLimit(size: number): ConcurrencyLimit {
  let running = 0;
  const queue: Array<() => void> = [];
  const limit = async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= size) await new Promise<void>((resolve) => queue.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `running` never dips while work is waiting.
      const next = queue.shift();
      if (next) next();
      else running -= 1;
    }
  };
  return Object.defineProperties(limit, {
    running: { get: () => running },
    waiting: { get: () => queue.length },
  }) as ConcurrencyLimit;
}
