/** Every connector in the registry: search by name or description, filter by service type. */
import { useMemo, useState } from "react";
import type { ConnectorSummary } from "@onespec/runtime/serve-api";
import { ServiceIcon } from "../components/icons.js";
import { href } from "../router.js";

export function Catalog({ connectors }: { connectors: ConnectorSummary[] }) {
  const [query, setQuery] = useState("");
  const [type, setType] = useState("");
  const types = useMemo(
    () => [...new Set(connectors.map((c) => c.serviceType))].sort(),
    [connectors],
  );
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = connectors.filter(
    (c) =>
      (!type || c.serviceType === type) &&
      words.every((w) =>
        `${c.name} ${c.displayName} ${c.description ?? ""}`.toLowerCase().includes(w),
      ),
  );
  return (
    <main aria-labelledby="catalog-title">
      <h1 id="catalog-title">Connectors</h1>
      <div className="catalog-filters" role="search">
        <label htmlFor="catalog-search" className="visually-hidden">
          Search connectors
        </label>
        <input
          id="catalog-search"
          type="search"
          className="form-control"
          placeholder="Search connectors"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <label htmlFor="catalog-type" className="visually-hidden">
          Service type
        </label>
        <select
          id="catalog-type"
          className="form-control"
          value={type}
          onChange={(event) => setType(event.target.value)}
        >
          <option value="">All service types</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <p className="muted" role="status">
        {shown.length === connectors.length
          ? `${connectors.length} connectors`
          : `${shown.length} of ${connectors.length} connectors`}
      </p>
      <ul className="catalog-grid">
        {shown.map((c) => (
          <li key={c.name} className="catalog-card" data-connector={c.name}>
            {/* Named by what it shows (an aria-label that differs from the visible text fails
                WCAG 2.5.3), with what it does first for screen readers. */}
            <a href={href.newConnection(c.name)}>
              <span className="visually-hidden">New connection: </span>
              <ServiceIcon type={c.serviceType} />
              <span className="card-title">{c.displayName}</span>
              <span className="card-type">{c.serviceType}</span>
              <span className="card-description">{c.description}</span>
            </a>
          </li>
        ))}
      </ul>
      {shown.length === 0 && (
        <p className="muted">
          No connector matches. Clear the search or pick another service type.
        </p>
      )}
    </main>
  );
}
