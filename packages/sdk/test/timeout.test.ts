import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, TimeoutError, isTransient } from "../src/errors.js";
import { withTimeout } from "../src/timeout.js";

/** Resolves with `value` after `ms`, or rejects with the signal's reason when it aborts. */
function work<T>(value: T, ms: number) {
  let seenSignal: AbortSignal | undefined;
  const fn = (signal: AbortSignal) => {
    seenSignal = signal;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => resolve(value), ms);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  };
  return { fn, signal: () => seenSignal! };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("withTimeout", () => {
  it("returns fn's result when it finishes in time, and clears the timer", async () => {
    const clear = vi.spyOn(globalThis, "clearTimeout");
    const { fn, signal } = work("rows", 1);
    await expect(withTimeout(fn, 1000, "query")).resolves.toBe("rows");
    expect(signal().aborted).toBe(false);
    expect(clear).toHaveBeenCalled();
  });

  it("rejects with a retryable TimeoutError and aborts fn's signal when the timer fires first", async () => {
    const { fn, signal } = work("rows", 10_000);
    const error = (await withTimeout(fn, 20, "listing tables").catch(
      (e: unknown) => e,
    )) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe("listing tables timed out after 20 ms");
    expect(error.timeoutMs).toBe(20);
    expect(error.kind).toBe("timeout");
    expect(isTransient(error)).toBe(true);
    expect(signal().aborted).toBe(true);
    expect(signal().reason).toBe(error);
  });

  it("passes fn's own failure through and clears the timer", async () => {
    vi.useFakeTimers();
    try {
      const boom = new Error("boom");
      await expect(withTimeout(async () => Promise.reject(boom), 1000, "x")).rejects.toBe(boom);
      await expect(
        withTimeout(
          () => {
            throw boom;
          },
          1000,
          "x",
        ),
      ).rejects.toBe(boom);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("clears the timer after a success (fake timers)", async () => {
    vi.useFakeTimers();
    try {
      await expect(withTimeout(async () => 42, 60_000, "x")).resolves.toBe(42);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("aborts when the parent aborts and rejects with the parent's reason", async () => {
    const parent = new AbortController();
    const { fn, signal } = work("rows", 10_000);
    const pending = withTimeout(fn, 60_000, "query", parent.signal);
    const reason = new Error("run cancelled");
    parent.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(signal().aborted).toBe(true);
    expect(signal().reason).toBe(reason);
  });

  it("removes its listener from the parent when done", async () => {
    const parent = new AbortController();
    const remove = vi.spyOn(parent.signal, "removeEventListener");
    await withTimeout(async () => "ok", 1000, "x", parent.signal);
    expect(remove).toHaveBeenCalledWith("abort", expect.any(Function));
  });

  it("does not start fn when the parent has already aborted", async () => {
    const fn = vi.fn(async () => "ok");
    const reason = new Error("gone");
    await expect(withTimeout(fn, 1000, "x", AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(fn).not.toHaveBeenCalled();
  });

  it("the TimeoutError wins over fn's reaction to the abort", async () => {
    const fn = (signal: AbortSignal) =>
      new Promise<never>((_, reject) =>
        signal.addEventListener("abort", () => reject(new Error("AbortError"))),
      );
    await expect(withTimeout(fn, 5, "x")).rejects.toBeInstanceOf(TimeoutError);
  });

  it("treats Infinity as no timeout and rejects invalid values", async () => {
    vi.useFakeTimers();
    try {
      const pending = withTimeout(async () => "ok", Number.POSITIVE_INFINITY, "x");
      expect(vi.getTimerCount()).toBe(0);
      await expect(pending).resolves.toBe("ok");
    } finally {
      vi.useRealTimers();
    }
    await expect(withTimeout(async () => 1, -1, "x")).rejects.toBeInstanceOf(ConfigError);
    await expect(withTimeout(async () => 1, Number.NaN, "x")).rejects.toThrow(
      /timeout for x must be/,
    );
  });
});
