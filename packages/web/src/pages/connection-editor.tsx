/**
 * The form for one connection, new or saved: a name, the connector's generated form, "Test
 * connection" (results stream in step by step) and "Save".
 */
import { useEffect, useRef, useState } from "react";
import {
  ConnectionForm,
  type Config,
  type ConnectionFormHandle,
  type ConnectorFormConfig,
} from "@onespec/forms";
import type { RJSFValidationError } from "@rjsf/utils";
import { loadFormConfig } from "../form-config.js";
import type { ConnectorSummary } from "@onespec/runtime/serve-api";
import { api, ApiError, problemsAsErrors, testConnection } from "../api.js";
import { TestResults, notRun, type StepView } from "../components/test-results.js";
import { ServiceIcon } from "../components/icons.js";
import { href, navigate } from "../router.js";

export interface EditorProps {
  connector: ConnectorSummary;
  saved?: { id: string; name: string; config: Config };
  notice?: string;
}

export function ConnectionEditor({ connector, saved, notice }: EditorProps) {
  const [formConfig, setFormConfig] = useState<ConnectorFormConfig>();
  const [loadError, setLoadError] = useState<string>();
  const [name, setName] = useState(saved?.name ?? "");
  const [nameError, setNameError] = useState<string>();
  const [config, setConfig] = useState<Config | undefined>(saved?.config);
  const [serverErrors, setServerErrors] = useState<RJSFValidationError[]>();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | undefined>(
    notice ? { kind: "ok", text: notice } : undefined,
  );
  const [steps, setSteps] = useState<StepView[]>();
  const [outcome, setOutcome] = useState<{ ok: boolean; durationMs: number }>();
  const [testError, setTestError] = useState<string>();
  const [busy, setBusy] = useState<"testing" | "saving">();
  const form = useRef<ConnectionFormHandle>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    loadFormConfig(connector.name)
      .then((loaded) => setFormConfig(loaded))
      .catch((error: Error) => setLoadError(`cannot load the form: ${error.message}`));
  }, [connector.name]);

  /** `focus`: false when the form's own errors were found too (the form moves focus to its first). */
  const checkName = (focus = true): boolean => {
    if (name.trim()) return true;
    setNameError("Connection name is required");
    if (focus) nameInput.current?.focus();
    return false;
  };

  const showServerError = (error: unknown) => {
    if (error instanceof ApiError && error.problems.length > 0) {
      setServerErrors(problemsAsErrors(error.problems));
      setMessage({
        kind: "error",
        text: `The server found problems: ${error.problems.map((p) => `${p.pointer || "config"} ${p.message}`).join("; ")}`,
      });
    } else {
      setMessage({ kind: "error", text: error instanceof Error ? error.message : String(error) });
    }
  };

  const runTest = async () => {
    setServerErrors(undefined);
    setMessage(undefined);
    const current = form.current?.config();
    if (!form.current?.validate() || !current) return;
    setBusy("testing");
    setOutcome(undefined);
    setTestError(undefined);
    setSteps(connector.steps.map((s) => ({ ...s, state: "pending" })));
    const update = (name: string, change: Partial<StepView>) =>
      setSteps((all) => all?.map((s) => (s.name === name ? { ...s, ...change } : s)));
    if (connector.steps[0]) update(connector.steps[0].name, { state: "running" });
    try {
      const result = await testConnection(
        connector.name,
        { config: current, connectionId: saved?.id },
        (step) => {
          update(step.name, {
            state: step.status,
            durationMs: step.durationMs,
            message: step.message,
            detail: step.detail,
            ...(step.hint !== undefined && { hint: step.hint }),
            ...(step.fields !== undefined && { fields: step.fields }),
          });
          // A failure the connector pinned on config values goes on those fields (a refused
          // password on Password, an unknown host on Host), with what to do; the summary at the
          // top of the form links to them.
          if (step.status === "failed" && step.fields && step.fields.length > 0) {
            const advice = `${step.name} failed: ${step.hint ?? "see the test results below"}`;
            const onFields = problemsAsErrors(
              step.fields.map((pointer) => ({
                pointer,
                keyword: step.kind ?? "test",
                message: advice,
              })),
            ).map((e) => ({ ...e, stack: advice }));
            setServerErrors((before) => [...(before ?? []), ...onFields]);
          }
          // The next pending step is the one running now.
          setSteps((all) => {
            const next = all?.find((s) => s.state === "pending");
            return next ? all!.map((s) => (s === next ? { ...s, state: "running" } : s)) : all;
          });
        },
      );
      setOutcome(result);
      // A step the server never reported did not run (the test ended before it).
      setSteps((all) => all && notRun(all, "the test ended before this step"));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      setSteps((all) => all && notRun(all, reason));
      if (error instanceof ApiError && error.problems.length > 0) showServerError(error);
      setTestError(reason);
    } finally {
      setBusy(undefined);
    }
  };

  const save = async (submitted: Config) => {
    setServerErrors(undefined);
    setMessage(undefined);
    if (!checkName()) return;
    setBusy("saving");
    try {
      if (saved) {
        const updated = await api.update(saved.id, name.trim(), submitted);
        setConfig(updated.config);
        setMessage({ kind: "ok", text: `Saved “${updated.name}”.` });
      } else {
        const created = await api.create(connector.name, name.trim(), submitted);
        navigate(`${href.connection(created.id)}?saved=1`);
      }
    } catch (error) {
      showServerError(error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <main className="editor" aria-labelledby="editor-title" data-connector={connector.name}>
      <p className="breadcrumbs">
        <a href={saved ? href.connections() : href.catalog()}>
          {saved ? "Saved connections" : "Connectors"}
        </a>{" "}
        / {connector.displayName}
      </p>
      <header className="editor-head">
        <ServiceIcon type={connector.serviceType} size={40} />
        <div>
          <h1 id="editor-title">
            {saved ? `Edit ${saved.name}` : `New ${connector.displayName} connection`}
          </h1>
          <p className="muted">{connector.description}</p>
        </div>
      </header>
      {message && (
        <p
          className={`notice notice-${message.kind}`}
          role={message.kind === "error" ? "alert" : "status"}
        >
          {message.text}
        </p>
      )}
      <div className="form-group field connection-name">
        <label className="control-label" htmlFor="connection-name">
          Connection name<span className="required">*</span>
        </label>
        <input
          id="connection-name"
          ref={nameInput}
          className="form-control"
          value={name}
          maxLength={200}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? "connection-name-error" : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setNameError(undefined);
          }}
        />
        {nameError && (
          <div className="error-detail" id="connection-name-error">
            {nameError}
          </div>
        )}
      </div>
      {loadError && <p className="notice notice-error">{loadError}</p>}
      {!formConfig && !loadError && <p className="muted">Loading the form…</p>}
      {formConfig && (
        <ConnectionForm
          ref={form}
          connector={formConfig}
          formData={config}
          extraErrors={serverErrors}
          onSubmit={(submitted) => void save(submitted)}
          // A refused submit shows the name's problem with the form's, in one round.
          onError={() => checkName(false)}
        >
          <div className="actions">
            <button
              type="button"
              className="btn"
              onClick={() => void runTest()}
              disabled={busy !== undefined}
            >
              {busy === "testing" ? "Testing…" : "Test connection"}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy !== undefined}>
              {busy === "saving" ? "Saving…" : "Save"}
            </button>
          </div>
        </ConnectionForm>
      )}
      {steps && <TestResults steps={steps} outcome={outcome} error={testError} />}
    </main>
  );
}
