/** Saved connections: open one to edit or test it, or delete it. */
import { useEffect, useState } from "react";
import type { ConnectorSummary, SavedConnection } from "@onespec/runtime/serve-api";
import { api } from "../api.js";
import { ServiceIcon } from "../components/icons.js";
import { href } from "../router.js";

export function Connections({ connectors }: { connectors: ConnectorSummary[] }) {
  const [list, setList] = useState<SavedConnection[]>();
  const [error, setError] = useState<string>();
  const load = () =>
    api
      .connections()
      .then(setList)
      .catch((e: Error) => setError(e.message));
  useEffect(() => void load(), []);
  const remove = async (c: SavedConnection) => {
    if (!window.confirm(`Delete the connection “${c.name}”? Its stored secrets are deleted too.`))
      return;
    try {
      await api.remove(c.id);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const byName = new Map(connectors.map((c) => [c.name, c]));
  return (
    <main aria-labelledby="connections-title">
      <h1 id="connections-title">Saved connections</h1>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {list && list.length === 0 && (
        <p className="muted">
          None yet. Pick a connector in the <a href={href.catalog()}>catalog</a> to create one.
        </p>
      )}
      {list && list.length > 0 && (
        <table className="connections">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Connector</th>
              <th scope="col">Last changed</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => {
              const connector = byName.get(c.connector);
              return (
                <tr key={c.id} data-connection={c.id}>
                  <td>
                    <a href={href.connection(c.id)}>{c.name}</a>
                    {c.upgradedFrom && (
                      <span className="muted" data-upgraded-from={c.upgradedFrom}>
                        {" "}
                        (upgraded from {c.upgradedFrom}; save to keep)
                      </span>
                    )}
                    {c.upgradeProblem && (
                      <span className="muted"> (cannot be upgraded: {c.upgradeProblem})</span>
                    )}
                  </td>
                  <td>
                    <span className="connector-cell">
                      <ServiceIcon type={connector?.serviceType ?? "Other"} size={20} />
                      {connector?.displayName ?? c.connector}
                    </span>
                  </td>
                  <td>{new Date(c.updatedAt).toLocaleString()}</td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => void remove(c)}>
                      Delete<span className="visually-hidden"> {c.name}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
