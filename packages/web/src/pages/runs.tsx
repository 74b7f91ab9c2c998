/**
 * The run queue (serve --database): each schedule with its connection's last runs, and pause or
 * resume. Without a queue the server says how to start serve with one, and the page shows that.
 */
import { useEffect, useState } from "react";
import type { QueuedRun, ScheduleWithRuns } from "@onespec/runtime/serve-api";
import { api } from "../api.js";

function runLabel(run: QueuedRun): string {
  const took = run.durationMs === null ? "" : ` in ${(run.durationMs / 1000).toFixed(1)} s`;
  const read = run.counts ? `, ${run.counts.read} read` : "";
  const why = run.errorKind && run.status !== "ok" ? ` (${run.errorKind})` : "";
  return `${run.status}${why}${took}${read}`;
}

function LastRuns({ runs }: { runs: QueuedRun[] }) {
  if (runs.length === 0) return <span className="muted">none yet</span>;
  return (
    <ol className="last-runs">
      {runs.map((run) => (
        <li key={run.id} className={`run-${run.status}`}>
          <time dateTime={run.startedAt}>{new Date(run.startedAt).toLocaleString()}</time>{" "}
          {runLabel(run)}
        </li>
      ))}
    </ol>
  );
}

export function Runs() {
  const [schedules, setSchedules] = useState<ScheduleWithRuns[]>();
  const [error, setError] = useState<string>();
  const load = () =>
    api
      .schedules()
      .then((list) => {
        setSchedules(list);
        setError(undefined);
      })
      .catch((e: Error) => setError(e.message));
  useEffect(() => void load(), []);
  const toggle = async (s: ScheduleWithRuns) => {
    try {
      await (s.paused ? api.resumeSchedule(s.name) : api.pauseSchedule(s.name));
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <main aria-labelledby="runs-title">
      <h1 id="runs-title">Schedules and runs</h1>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {schedules && schedules.length === 0 && (
        <p className="muted">
          No schedules yet. Add one with <code>onespec schedule add</code>.
        </p>
      )}
      {schedules && schedules.length > 0 && (
        <table className="connections schedules">
          <thead>
            <tr>
              <th scope="col">Schedule</th>
              <th scope="col">Workflow</th>
              <th scope="col">When</th>
              <th scope="col">Last runs</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.name} data-schedule={s.name}>
                <td>
                  {s.name}
                  {s.paused && <span className="muted"> (paused)</span>}
                </td>
                <td>
                  <code>{s.workflow}</code>
                </td>
                <td>
                  <code>{s.cron}</code> {s.timezone}
                </td>
                <td>
                  <LastRuns runs={s.lastRuns} />
                </td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => void toggle(s)}>
                    {s.paused ? "Resume" : "Pause"}
                    <span className="visually-hidden"> {s.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
