/**
 * The Runs page of the app in Debian's chromium: each schedule with its connection's last runs,
 * pause, resume and remove by keyboard-reachable buttons, a form that schedules a saved
 * connection (the server's refusal shown, located); and, when serve has no queue, the server's
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
  const added: ScheduleWithRuns[] = [];
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
    schedules: async () => [structuredClone(schedule), ...added],
    runs: async () => schedule.lastRuns,
    setPaused: async (name, paused) => {
      if (name !== schedule.name) return false;
      schedule.paused = paused;
      return true;
    },
    // The real view parses cron (packages/queue); here five fields, or refused as it refuses.
    addSchedule: async ({ name, connectionId, cron }) => {
      if (cron.trim().split(/\s+/).length !== 5)
        return { refused: "cron", message: `"${cron}" is not a cron expression` };
      const s: ScheduleWithRuns = {
        name,
        workflow: `saved:/store.db#${connectionId}`,
        cron,
        timezone: "UTC",
        paused: false,
        lastFiredAt: "2026-12-07T00:00:00.000Z",
        lastRuns: [],
      };
      added.push(s);
      return { schedule: s };
    },
    removeSchedule: async (name) => {
      const i = added.findIndex((s) => s.name === name);
      if (i >= 0) added.splice(i, 1);
      return i >= 0;
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

  it("schedules a saved connection from its form, shows a refusal located, removes it", async () => {
    const app = await startTestApp({ queue: memoryQueue() });
    apps.push(app);
    const saved = app.store.create("sqlite", "Retail", { database_path: "/r.db" }, []);
    const { page } = await app.page();
    await page.goto(`${app.base}/#/runs`);
    const form = page.getByRole("form", { name: "Schedule a saved connection" });
    await form.waitFor();
    expect(await form.getByLabel("Connection").inputValue()).toBe(saved.id);
    await form.getByLabel("Name").fill("retail-hourly");
    await form.getByLabel(/^Cron/).fill("every hour");
    await form.getByRole("button", { name: "Add schedule" }).click();
    const alert = form.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'invalid schedule: /cron "every hour" is not a cron expression',
    );
    await form.getByLabel(/^Cron/).fill("0 * * * *");
    await form.getByRole("button", { name: "Add schedule" }).click();
    const row = page.locator('tr[data-schedule="retail-hourly"]');
    await row.waitFor();
    expect(await row.locator("code").first().textContent()).toBe(`saved:/store.db#${saved.id}`);
    expect(await form.getByLabel("Name").inputValue()).toBe("");
    await row.getByRole("button", { name: "Remove retail-hourly" }).click();
    await row.waitFor({ state: "detached" });
    expect(await page.locator("tr[data-schedule]").count()).toBe(1);
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
