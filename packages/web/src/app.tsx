/** The app shell: navigation and the page the hash route names. */
import { useEffect, useState } from "react";
import type { ConnectorSummary, SavedConnection } from "@onespec/runtime/serve-api";
import { api } from "./api.js";
import { Catalog } from "./pages/catalog.js";
import { Connections } from "./pages/connections.js";
import { ConnectionEditor } from "./pages/connection-editor.js";
import { Runs } from "./pages/runs.js";
import { href, useRoute, type Route } from "./router.js";

function EditSaved({
  id,
  justSaved,
  connectors,
}: {
  id: string;
  justSaved: boolean;
  connectors: ConnectorSummary[];
}) {
  const [saved, setSaved] = useState<SavedConnection>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setSaved(undefined);
    api
      .connection(id)
      .then(setSaved)
      .catch((e: Error) => setError(e.message));
  }, [id]);
  if (error)
    return (
      <main>
        <h1>Connection not found</h1>
        <p className="notice notice-error">{error}</p>
        <a href={href.connections()}>Back to saved connections</a>
      </main>
    );
  if (!saved) return <p className="muted">Loading…</p>;
  const connector = connectors.find((c) => c.name === saved.connector);
  if (!connector) return <p className="notice notice-error">Unknown connector {saved.connector}</p>;
  // A connection saved for an older connector version is shown upgraded (the server's migrations).
  const notice = justSaved
    ? `Saved “${saved.name}”.`
    : saved.upgradedFrom
      ? `Upgraded from ${connector.displayName} ${saved.upgradedFrom} to ${saved.connectorVersion}: check it, and save to store it for this version.`
      : undefined;
  return <ConnectionEditor key={saved.id} connector={connector} saved={saved} notice={notice} />;
}

function Page({ route, connectors }: { route: Route; connectors: ConnectorSummary[] }) {
  switch (route.page) {
    case "catalog":
      return <Catalog connectors={connectors} />;
    case "connections":
      return <Connections connectors={connectors} />;
    case "runs":
      return <Runs />;
    case "edit":
      return <EditSaved id={route.id} justSaved={route.justSaved} connectors={connectors} />;
    case "new": {
      const connector = connectors.find((c) => c.name === route.connector);
      if (!connector)
        return (
          <main>
            <h1>Unknown connector</h1>
            <p>
              There is no connector called “{route.connector}”.{" "}
              <a href={href.catalog()}>See all connectors</a>.
            </p>
          </main>
        );
      return <ConnectionEditor key={connector.name} connector={connector} />;
    }
    default:
      return (
        <main>
          <h1>Page not found</h1>
          <a href={href.catalog()}>Go to the connector catalog</a>
        </main>
      );
  }
}

export function App() {
  const route = useRoute();
  const [connectors, setConnectors] = useState<ConnectorSummary[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api
      .connectors()
      .then(setConnectors)
      .catch((e: Error) => setError(e.message));
  }, []);
  return (
    <>
      <header className="topbar">
        <a className="brand" href={href.catalog()}>
          onespec
        </a>
        <nav aria-label="Main">
          <a
            href={href.catalog()}
            aria-current={route.page === "catalog" || route.page === "new" ? "page" : undefined}
          >
            Connectors
          </a>
          <a
            href={href.connections()}
            aria-current={
              route.page === "connections" || route.page === "edit" ? "page" : undefined
            }
          >
            Saved connections
          </a>
          <a href={href.runs()} aria-current={route.page === "runs" ? "page" : undefined}>
            Runs
          </a>
        </nav>
      </header>
      <div className="content">
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        {connectors && <Page route={route} connectors={connectors} />}
      </div>
    </>
  );
}
