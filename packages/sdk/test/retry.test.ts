import { describe, expect, it } from "vitest";
import {
  AuthError,
  PermissionError,
  ConnectionError,
  ConnectorError,
  RateLimitError,
  TimeoutError,
} from "../src/errors.js";
import {
  parseRetryAfter,
  retry,
  withMessage,
  type RetryInfo,
  type RetryOptions,
} from "../src/retry.js";

/** A sleep that records the delays and returns at once. */
function fakeSleep(): { sleeps: number[]; sleep: NonNullable<RetryOptions["sleep"]> } {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms) => void sleeps.push(ms) };
}

/** fn failing with the given errors in turn, then returning "ok". */
function failing(...errors: unknown[]): {
  calls: number[];
  fn: (attempt: number) => Promise<string>;
} {
  const calls: number[] = [];
  return {
    calls,
    fn: async (attempt) => {
      calls.push(attempt);
      if (calls.length <= errors.length) throw errors[calls.length - 1];
      return "ok";
    },
  };
}

const conn = (n = 0) => new ConnectionError(`connection reset ${n}`);

describe("retry", () => {
  it("returns the first success without waiting", async () => {
    const { sleeps, sleep } = fakeSleep();
    const { calls, fn } = failing();
    await expect(retry(fn, { sleep })).resolves.toBe("ok");
    expect(calls).toEqual([1]);
    expect(sleeps).toEqual([]);
  });

  it("retries transient errors with exponential backoff (no jitter), passing attempt numbers", async () => {
    const { sleeps, sleep } = fakeSleep();
    const { calls, fn } = failing(conn(1), conn(2), conn(3));
    const seen: RetryInfo[] = [];
    const result = await retry(fn, {
      sleep,
      jitter: "none",
      baseDelayMs: 100,
      onRetry: (info) => seen.push(info),
    });
    expect(result).toBe("ok");
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(seen.map((s) => [s.attempt, s.delayMs, (s.error as Error).message])).toEqual([
      [1, 100, "connection reset 1"],
      [2, 200, "connection reset 2"],
      [3, 400, "connection reset 3"],
    ]);
  });

  it("uses defaults: 3 retries, base 200, factor 2, full jitter", async () => {
    const { sleeps, sleep } = fakeSleep();
    const { calls, fn } = failing(conn(), conn(), conn(), conn());
    const error = await retry(fn, { sleep, random: () => 0.5 }).catch((e: unknown) => e);
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(error).toBeInstanceOf(ConnectionError);
  });

  it("caps the backoff at maxDelayMs and applies full jitter below it", async () => {
    const { sleeps, sleep } = fakeSleep();
    const randoms = [0, 0.25, 0.999, 0.5];
    const { fn } = failing(conn(), conn(), conn(), conn());
    await retry(fn, {
      sleep,
      retries: 4,
      baseDelayMs: 1000,
      maxDelayMs: 3000,
      factor: 3,
      random: () => randoms.shift()!,
    });
    // Backoffs 1000, 3000 (capped from 3000), 3000 (capped from 9000), 3000.
    expect(sleeps).toEqual([0, 750, 2997, 1500]);
  });

  it("throws non-retryable errors immediately and unchanged", async () => {
    const { sleeps, sleep } = fakeSleep();
    const auth = new AuthError("password authentication failed");
    const { calls, fn } = failing(auth);
    await expect(retry(fn, { sleep })).rejects.toBe(auth);
    expect(calls).toEqual([1]);
    expect(sleeps).toEqual([]);

    // A missing privilege needs a grant, not another attempt.
    const denied = new PermissionError("permission denied for database retail");
    expect(denied).toMatchObject({ kind: "permission", retryable: false });
    await expect(retry(failing(denied).fn, { sleep })).rejects.toBe(denied);
    expect(sleeps).toEqual([]);

    const plain = new Error("boom");
    await expect(retry(failing(plain).fn, { sleep })).rejects.toBe(plain);
  });

  it("honours a custom isRetryable", async () => {
    const { sleeps, sleep } = fakeSleep();
    const { calls, fn } = failing(new Error("flaky"), new Error("flaky"));
    await expect(
      retry(fn, { sleep, isRetryable: (e) => (e as Error).message === "flaky" }),
    ).resolves.toBe("ok");
    expect(calls).toEqual([1, 2, 3]);
    expect(sleeps).toHaveLength(2);
  });

  it("when retries run out, rethrows the last error with the attempt count, same class and kind", async () => {
    const { sleep } = fakeSleep();
    const last = new TimeoutError("query timed out after 50 ms", {
      timeoutMs: 50,
      hint: "raise the timeout",
    });
    const { fn } = failing(conn(1), last);
    const error = (await retry(fn, { sleep, retries: 1 }).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).not.toBe(last);
    expect(error.message).toBe("query timed out after 50 ms (gave up after 2 attempts)");
    expect(error.kind).toBe("timeout");
    expect(error.name).toBe("TimeoutError");
    expect(error.timeoutMs).toBe(50);
    expect(error.hint).toBe("raise the timeout");
    expect(error.cause).toBe(last);
    expect(String(error.stack)).toMatch(
      /^TimeoutError: query timed out after 50 ms \(gave up after 2 attempts\)/,
    );
    // The original is untouched.
    expect(last.message).toBe("query timed out after 50 ms");
  });

  it("retries: 0 means a single attempt", async () => {
    const { sleeps, sleep } = fakeSleep();
    const { calls, fn } = failing(conn());
    const error = (await retry(fn, { sleep, retries: 0 }).catch((e: unknown) => e)) as Error;
    expect(calls).toEqual([1]);
    expect(sleeps).toEqual([]);
    expect(error.message).toBe("connection reset 0 (gave up after 1 attempts)");
  });

  it("waits at least Retry-After, even above maxDelayMs", async () => {
    const { sleeps, sleep } = fakeSleep();
    const { fn } = failing(
      new RateLimitError("slow down", { retryAfterMs: 60_000 }),
      new RateLimitError("slow down", { retryAfterMs: 10 }),
      new RateLimitError("slow down"),
    );
    await retry(fn, { sleep, jitter: "none", baseDelayMs: 100, maxDelayMs: 1000 });
    expect(sleeps).toEqual([60_000, 200, 400]);
  });

  it("gives up when Retry-After exceeds maxRetryAfterMs, keeping retryAfterMs", async () => {
    const { sleeps, sleep } = fakeSleep();
    const limited = new RateLimitError("quota exhausted", { retryAfterMs: 3_600_000 });
    const { calls, fn } = failing(limited);
    const error = (await retry(fn, { sleep }).catch((e: unknown) => e)) as RateLimitError;
    expect(calls).toEqual([1]);
    expect(sleeps).toEqual([]);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.cause).toBe(limited);
    expect(error.message).toMatch(
      /^quota exhausted \(gave up after 1 attempts: asked to wait 3600000 ms, more than the 900000 ms limit\)$/,
    );

    const ok = failing(new RateLimitError("x", { retryAfterMs: 3_600_000 }));
    await expect(retry(ok.fn, { sleep, maxRetryAfterMs: 3_600_000 })).resolves.toBe("ok");
  });

  it("abort during the wait stops retrying and rethrows the last error", async () => {
    const controller = new AbortController();
    const first = conn(1);
    const { calls, fn } = failing(first, conn(2));
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((_, reject) => {
        signal?.addEventListener("abort", () => reject(signal.reason));
        controller.abort(new Error("cancelled"));
      });
    await expect(retry(fn, { sleep, signal: controller.signal })).rejects.toBe(first);
    expect(calls).toEqual([1]);
  });

  it("abort is noticed even when the injected sleep ignores the signal", async () => {
    const controller = new AbortController();
    const first = conn(1);
    const { calls, fn } = failing(first, conn(2));
    const sleep = async () => controller.abort();
    await expect(retry(fn, { sleep, signal: controller.signal })).rejects.toBe(first);
    expect(calls).toEqual([1]);
  });

  it("an already-aborted signal prevents any attempt", async () => {
    const { calls, fn } = failing();
    const reason = new Error("stop");
    await expect(retry(fn, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(calls).toEqual([]);
  });

  it("default sleep really waits and is interrupted by abort", async () => {
    const controller = new AbortController();
    const first = conn(1);
    const { fn } = failing(first, conn(2));
    const pending = retry(fn, { baseDelayMs: 60_000, jitter: "none", signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBe(first);
  });

  it("rejects invalid options", async () => {
    await expect(retry(failing().fn, { retries: -1 })).rejects.toThrow(
      /retries must be a finite number >= 0/,
    );
  });
});

describe("withMessage", () => {
  it("keeps the prototype and own properties and leaves non-errors alone", () => {
    const original = new RateLimitError("429", { retryAfterMs: 5, hint: "h" });
    const copy = withMessage(original, "429 again");
    expect(Object.getPrototypeOf(copy)).toBe(RateLimitError.prototype);
    expect(copy.retryAfterMs).toBe(5);
    expect(copy.retryable).toBe(true);
    expect(copy.message).toBe("429 again");
    expect(Object.keys(copy)).not.toContain("message");
    expect(withMessage("just a string", "x")).toBe("just a string");
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(1994, 10, 6, 8, 49, 0);

  it("parses delta-seconds", () => {
    expect(parseRetryAfter("120")).toBe(120_000);
    expect(parseRetryAfter(" 0 ")).toBe(0);
    expect(parseRetryAfter("1.5")).toBe(1500);
  });

  it("parses the three HTTP-date forms relative to now", () => {
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now)).toBe(37_000);
    expect(parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now)).toBe(37_000);
    expect(parseRetryAfter("Sun Nov  6 08:49:37 1994", now)).toBe(37_000);
  });

  it("never returns a negative delay", () => {
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now)).toBe(0);
  });

  it("returns undefined for absent or garbage values", () => {
    for (const bad of [
      undefined,
      null,
      "",
      "soon",
      "-5",
      "1e3",
      "foo 1",
      "Sun, 31 Feb 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 25:00:00 GMT",
      "Sun, 06 Foo 1994 08:49:37 GMT",
    ]) {
      expect(parseRetryAfter(bad, now), String(bad)).toBeUndefined();
    }
  });
});
