// The in-process concurrency limit behind generation starts and the simulator's media pool.
import { describe, expect, it } from "vitest";
import { concurrencyLimit } from "@/_shared/lib/concurrency-limit";

/** A task that runs until released, recording when it started. */
function gate(started: string[], name: string) {
  let release!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    release = () => resolve(name);
    fail = reject;
  });
  return { task: () => (started.push(name), done), release: () => release(), fail: (error: Error) => fail(error) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("concurrencyLimit", () => {
  it("runs at most `size` tasks at once; the others start in arrival order as slots free", async () => {
    const limit = concurrencyLimit(2);
    const started: string[] = [];
    const gates = ["a", "b", "c", "d"].map((name) => gate(started, name));
    const results = gates.map((g) => limit(g.task));
    await settle();
    expect(started).toEqual(["a", "b"]);
    expect([limit.running, limit.waiting]).toEqual([2, 2]);
    gates[1].release();
    await settle();
    expect(started).toEqual(["a", "b", "c"]);
    expect([limit.running, limit.waiting]).toEqual([2, 1]);
    gates[0].release();
    gates[2].release();
    gates[3].release();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d"]);
    expect([limit.running, limit.waiting]).toEqual([0, 0]);
  });

  it("a task that fails gives its slot back and its caller gets the error", async () => {
    const limit = concurrencyLimit(1);
    const started: string[] = [];
    const [first, second] = [gate(started, "first"), gate(started, "second")];
    const failing = limit(first.task);
    const next = limit(second.task);
    await settle();
    expect(started).toEqual(["first"]);
    first.fail(new Error("broken"));
    await expect(failing).rejects.toThrow("broken");
    await settle();
    expect(started).toEqual(["first", "second"]);
    second.release();
    expect(await next).toBe("second");
    expect(limit.running).toBe(0);
  });
});
