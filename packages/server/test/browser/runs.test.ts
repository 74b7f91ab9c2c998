/**
 * The Runs page of the app in Debian's chromium: each schedule with its connection's last runs,
 * pause and resume by keyboard-reachable buttons; and, when serve has no queue, the server's
 * message saying how to start it with one. The queue is an in-memory view (the real one is read
 * by packages/cli/test/fleet.test.ts through serve's API).
 */
import { afterAll, describe, expect, it } from "vitest";
import type { QueuedRun, ScheduleWithRuns } from "@onespec/runtime/serve-api";
import type { RunQueueView } from "../../src/index.js";
import { startTestApp, type TestApp } from "./browser.js";

const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

const run = (
  attempt: number,
  status: QueuedRun["status"],
  errorKind: string | null,
): QueuedRun => ({
  id: `r${attempt}`,
  connection: "/flows/retail.yaml",
  schedule: "nightly",
  attempt,
  worker: "host:1",
  status,
  startedAt: `2026-12-0${attempt}T02:00:00.000Z`,
  finishedAt: `2026-12-0${attempt}T02:00:04.000Z`,
  durationMs: 4200,
  counts: { read: 42, created: 1, updated: 0, unchanged: 41, deleted: 0, failed: 0 },
  errorKind,
  errorMessage: null,
});

function memoryQueue(): RunQueueView {
  const schedule: ScheduleWithRuns = {
    name: "nightly",
    workflow: "/flows/retail.yaml",
    cron: "0 2 * * *",
    timezone: "UTC",
    paused: false,
    lastFiredAt: "2026-12-02T02:00:00.000Z",
    lastRuns: [run(2, "ok", null), run(1, "lost", "lost")],
  };
  return {
    schedules: async () => [structuredClone(schedule)],
    runs: async () => schedule.lastRuns,
    setPaused: async (name, paused) => {
      if (name !== schedule.name) return false;
      schedule.paused = paused;
      return true;
    },
  };
}

describe("the Runs page", () => {
  it("shows each schedule's last runs; Pause and Resume switch it", async () => {
    const app = await startTestApp({ queue: memoryQueue() });
    apps.push(app);
    const { page, problems } = await app.page();
    await page.goto(`${app.base}/#/runs`);
    const row = page.locator('tr[data-schedule="nightly"]');
    await row.waitFor();
    expect(await row.locator("code").first().textContent()).toBe("/flows/retail.yaml");
    const runs = await row.locator("ol.last-runs li").allTextContents();
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatch(/ok in 4\.2 s, 42 read$/);
    expect(runs[1]).toMatch(/lost \(lost\) in 4\.2 s/);
    await row.getByRole("button", { name: "Pause nightly" }).click();
    await row.getByRole("button", { name: "Resume nightly" }).waitFor();
    expect(await row.locator("td").first().textContent()).toBe("nightly (paused)");
    await row.getByRole("button", { name: "Resume nightly" }).click();
    await row.getByRole("button", { name: "Pause nightly" }).waitFor();
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe("Runs");
    expect(problems).toEqual([]);
  });

  it("without a queue, says how to start serve with one", async () => {
    const app = await startTestApp();
    apps.push(app);
    const { page } = await app.page();
    await page.goto(`${app.base}/#/runs`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/start it with --database <postgres url>/);
  });
});
