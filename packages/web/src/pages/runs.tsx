/**
 * The run queue (serve --database): each schedule with its connection's last runs, pause, resume
 * and remove, and a form that schedules a saved connection. Without a queue the server says how
 * to start serve with one, and the page shows that.
 */
import { useEffect, useState, type FormEvent } from "react";
import type { QueuedRun, SavedConnection, ScheduleWithRuns } from "@onespec/runtime/serve-api";
import { api, ApiError } from "../api.js";

/** An API error as one line: its message and each located problem. */
function errorText(e: unknown): string {
  if (!(e instanceof ApiError) || e.problems.length === 0) return (e as Error).message;
  return `${e.message}: ${e.problems.map((p) => `${p.pointer} ${p.message}`).join("; ")}`;
}

/** Schedules a saved connection: a name, the connection, a cron expression (UTC). */
function AddSchedule({ onAdded }: { onAdded: () => Promise<void> }) {
  const [connections, setConnections] = useState<SavedConnection[]>([]);
  const [name, setName] = useState("");
  const [connectionId, setConnectionId] = useState("");
  const [cron, setCron] = useState("0 2 * * *");
  const [error, setError] = useState<string>();
  useEffect(() => {
    api
      .connections()
      .then((list) => {
        setConnections(list);
        setConnectionId((id) => id || (list[0]?.id ?? ""));
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.addSchedule({ name, connectionId, cron });
      setError(undefined);
      setName("");
      await onAdded();
    } catch (e) {
      setError(errorText(e));
    }
  };
  if (connections.length === 0)
    return <p className="muted">Save a connection to schedule it here.</p>;
  return (
    <form
      className="add-schedule"
      aria-labelledby="add-schedule-title"
      onSubmit={(e) => void submit(e)}
    >
      <h2 id="add-schedule-title">Schedule a saved connection</h2>
      {error && (
        <p className="notice notice-error" role="alert" id="add-schedule-error">
          {error}
        </p>
      )}
      <div className="form-group">
        <label className="control-label" htmlFor="schedule-name">
          Name
        </label>
        <input
          id="schedule-name"
          className="form-control"
          required
          maxLength={100}
          pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="form-group">
        <label className="control-label" htmlFor="schedule-connection">
          Connection
        </label>
        <select
          id="schedule-connection"
          className="form-control"
          value={connectionId}
          onChange={(e) => setConnectionId(e.target.value)}
        >
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.connector})
            </option>
          ))}
        </select>
      </div>
      <div className="form-group">
        <label className="control-label" htmlFor="schedule-cron">
          Cron (UTC: minute hour day month weekday)
        </label>
        <input
          id="schedule-cron"
          className="form-control"
          required
          maxLength={200}
          value={cron}
          onChange={(e) => setCron(e.target.value)}
        />
      </div>
      <button type="submit" className="btn btn-primary">
        Add schedule
      </button>
    </form>
  );
}

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
  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const toggle = (s: ScheduleWithRuns) =>
    act(() => (s.paused ? api.resumeSchedule(s.name) : api.pauseSchedule(s.name)));
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
          No schedules yet. Add one below, or with <code>onespec schedule add</code>.
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
                  </button>{" "}
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => void act(() => api.removeSchedule(s.name))}
                  >
                    Remove<span className="visually-hidden"> {s.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {schedules && <AddSchedule onAdded={load} />}
    </main>
  );
}
