import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/errors.js";
import { TokenBucket } from "../src/rate-limit.js";

/**
 * A simulated clock: `sleep` registers a timer, and `run` fires timers in time order,
 * advancing `now`, letting promise callbacks settle between timers.
 */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers: { at: number; seq: number; fire: () => void }[] = [];
  const sleeps: number[] = [];
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    sleeps,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        sleeps.push(ms);
        const timer = { at: now + ms, seq: seq++, fire: resolve };
        timers.push(timer);
        signal?.addEventListener("abort", () => {
          timers.splice(timers.indexOf(timer), 1);
          reject(signal.reason);
        });
      }),
    /** Fires timers until none are left (or `until` is reached). */
    async run(until = Infinity) {
      await settle();
      while (timers.length > 0) {
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        if (timers[0].at > until) break;
        const timer = timers.shift()!;
        now = Math.max(now, timer.at);
        timer.fire();
        await settle();
      }
      if (until !== Infinity) now = Math.max(now, until);
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("TokenBucket", () => {
  it("validates its options with ConfigError", () => {
    for (const ratePerSecond of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new TokenBucket({ ratePerSecond })).toThrow(ConfigError);
    }
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(
      /ratePerSecond must be a finite number > 0, got 0/,
    );
    expect(() => new TokenBucket({ ratePerSecond: 5, burst: 0.5 })).toThrow(
      /burst must be a finite number >= 1/,
    );
    const bucket = new TokenBucket({ ratePerSecond: 5, burst: 2 });
    expect(() => bucket.tryTake(3)).toThrow(RangeError);
    expect(() => bucket.tryTake(0)).toThrow(RangeError);
  });

  it("defaults burst to max(1, rate) and allows an initial burst, then refills continuously", () => {
    const clock = fakeClock();
    expect(new TokenBucket({ ratePerSecond: 0.2 }).burst).toBe(1);
    const bucket = new TokenBucket({ ratePerSecond: 10, now: clock.now });
    expect(bucket.burst).toBe(10);
    for (let i = 0; i < 10; i++) expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(50); // half a token
    expect(bucket.tryTake()).toBe(false);
    clock.advance(50);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(60_000); // refill is capped at burst
    expect(bucket.available).toBe(10);
  });

  it("sustains the configured rate within 1% over a long run", async () => {
    const clock = fakeClock();
    const rate = 37;
    const bucket = new TokenBucket({
      ratePerSecond: rate,
      burst: 5,
      now: clock.now,
      sleep: clock.sleep,
    });
    const n = 2000;
    const done = (async () => {
      for (let i = 0; i < n; i++) await bucket.take();
    })();
    await clock.run();
    await done;
    // The first `burst` takes are free; the rest arrive at the sustained rate.
    const achieved = (n - bucket.burst) / (clock.now() / 1000);
    expect(Math.abs(achieved - rate) / rate).toBeLessThan(0.01);
    expect(clock.now()).toBeGreaterThan(((n - bucket.burst) / rate) * 1000 * 0.99);
  });

  it("serves concurrent takers FIFO without exceeding the rate", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({
      ratePerSecond: 4,
      burst: 2,
      now: clock.now,
      sleep: clock.sleep,
    });
    const finished: { id: number; at: number }[] = [];
    const takers = Array.from({ length: 10 }, (_, id) =>
      bucket.take(id === 5 ? 2 : 1).then(() => finished.push({ id, at: clock.now() })),
    );
    // A latecomer cannot jump the queue, even with tryTake.
    expect(bucket.tryTake()).toBe(false);
    await clock.run();
    await Promise.all(takers);
    expect(finished.map((f) => f.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // 11 tokens, 2 up front, then 9 at 4/s: the last one lands at 2250 ms.
    expect(finished.map((f) => f.at)).toEqual([0, 0, 250, 500, 750, 1250, 1500, 1750, 2000, 2250]);
    // In any window of length w, at most burst + rate * w tokens were granted.
    const grants = finished.flatMap((f) => (f.id === 5 ? [f.at, f.at] : [f.at]));
    for (const start of grants) {
      for (const end of grants) {
        if (end < start) continue;
        const inWindow = grants.filter((t) => t >= start && t <= end).length;
        expect(inWindow).toBeLessThanOrEqual(2 + (4 * (end - start)) / 1000 + 1e-9);
      }
    }
  });

  it("a small request cannot overtake a large one that is waiting", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({
      ratePerSecond: 1,
      burst: 2,
      now: clock.now,
      sleep: clock.sleep,
    });
    await bucket.take(2);
    const order: string[] = [];
    const big = bucket.take(2).then(() => order.push(`big at ${clock.now()}`));
    await clock.run(1000); // one token accrued, the big taker still needs two
    expect(bucket.available).toBeCloseTo(1);
    expect(bucket.tryTake(1)).toBe(false);
    const small = bucket.take(1).then(() => order.push(`small at ${clock.now()}`));
    await clock.run();
    await Promise.all([big, small]);
    expect(order).toEqual(["big at 2000", "small at 3000"]);
  });

  it("an aborted waiter rejects with the reason and does not hold up the queue", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({
      ratePerSecond: 1,
      burst: 1,
      now: clock.now,
      sleep: clock.sleep,
    });
    await bucket.take();
    const controller = new AbortController();
    const order: string[] = [];
    const first = bucket.take(1, controller.signal).then(
      () => order.push("first"),
      (e: unknown) => order.push(`first rejected: ${(e as Error).message}`),
    );
    const second = bucket.take().then(() => order.push(`second at ${clock.now()}`));
    await clock.run(300);
    controller.abort(new Error("cancelled"));
    await clock.run();
    await Promise.all([first, second]);
    expect(order).toEqual(["first rejected: cancelled", "second at 1000"]);
    await expect(bucket.take(1, AbortSignal.abort(new Error("already")))).rejects.toThrow(
      "already",
    );
  });

  it("fails all waiters if the injected sleep breaks, instead of spinning", async () => {
    let now = 0;
    const bucket = new TokenBucket({
      ratePerSecond: 1,
      burst: 1,
      now: () => now,
      sleep: async () => {
        throw new Error("no timers here");
      },
    });
    expect(bucket.tryTake()).toBe(true);
    const results = await Promise.allSettled([bucket.take(), bucket.take()]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    now = 1000;
    expect(bucket.tryTake()).toBe(true);
  });

  it("works with the real clock for a short wait", async () => {
    const bucket = new TokenBucket({ ratePerSecond: 100, burst: 1 });
    await bucket.take();
    expect(bucket.tryTake()).toBe(false);
    await expect(bucket.take()).resolves.toBeUndefined(); // after ~10 ms of real time
  });
});
