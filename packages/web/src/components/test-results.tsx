/**
 * A connection test as a list of steps: each pending, running, passed, failed, skipped, or not
 * run (the test stopped before reaching it, with the reason: never "Waiting" for ever).
 */
import type { StepResult } from "@onespec/runtime/serve-api";
import { fieldIdOf, focusField, humanizeKey } from "@onespec/forms";
import { pointerToProperty } from "../api.js";

export interface StepView {
  name: string;
  description: string;
  mandatory: boolean;
  state: "pending" | "running" | "not-run" | StepResult["status"];
  durationMs?: number;
  message?: string;
  detail?: string;
  /** For a failed step: what to do, and the config values at fault (JSON pointers). */
  hint?: string;
  fields?: string[];
}

const LABEL: Record<StepView["state"], string> = {
  pending: "Waiting",
  running: "Running",
  passed: "Passed",
  failed: "Failed",
  skipped: "Skipped",
  "not-run": "Not run",
};

const MARK: Record<StepView["state"], string> = {
  pending: "○",
  running: "◌",
  passed: "✓",
  failed: "✗",
  skipped: "–",
  "not-run": "–",
};

export function TestResults(props: {
  steps: StepView[];
  outcome?: { ok: boolean; durationMs: number };
  error?: string;
}) {
  const { steps, outcome, error } = props;
  return (
    <section className="test-results" aria-labelledby="test-results-title" aria-live="polite">
      <h2 id="test-results-title">Test connection</h2>
      {outcome && (
        <p className={`test-outcome ${outcome.ok ? "ok" : "not-ok"}`} role="status">
          {outcome.ok ? "Connection works" : "Connection failed"} (
          {(outcome.durationMs / 1000).toFixed(1)} s)
        </p>
      )}
      {error && (
        <p className="test-outcome not-ok" role="alert">
          {error}
        </p>
      )}
      <ol className="test-steps">
        {steps.map((step) => (
          <li
            key={step.name}
            className={`test-step step-${step.state}`}
            data-step={step.name}
            data-state={step.state}
          >
            <span className="step-mark" aria-hidden="true">
              {MARK[step.state]}
            </span>
            <div className="step-body">
              <div className="step-head">
                <strong>{step.name}</strong>
                <span className="step-state">{LABEL[step.state]}</span>
                {step.durationMs !== undefined && (
                  <span className="step-duration">{Math.round(step.durationMs)} ms</span>
                )}
                {!step.mandatory && <span className="step-optional">optional</span>}
              </div>
              <div className="step-description">{step.description}</div>
              {step.detail && <div className="step-detail">{step.detail}</div>}
              {step.message && <div className="step-message">{step.message}</div>}
              {step.state === "failed" && step.fields && step.fields.length > 0 && (
                <div className="step-fields">
                  {step.hint && <span className="step-hint">{step.hint} </span>}
                  {step.fields.map((pointer) => (
                    <button
                      key={pointer}
                      type="button"
                      className="onespec-link step-field"
                      onClick={() =>
                        focusField(fieldIdOf({ property: pointerToProperty(pointer) }))
                      }
                    >
                      Go to {humanizeKey(pointer.split("/").pop() ?? pointer)}
                    </button>
                  ))}
                </div>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Steps the test never reached (still waiting or running) marked not run, with why. */
export function notRun(steps: readonly StepView[], reason: string): StepView[] {
  return steps.map((s) =>
    s.state === "pending" || s.state === "running"
      ? { ...s, state: "not-run", message: `Not run: ${reason}` }
      : s,
  );
}
