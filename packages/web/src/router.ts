/** Hash routes: the server serves one page, so every route works from a bookmark or a reload. */
import { useEffect, useState } from "react";

export type Route =
  | { page: "catalog" }
  | { page: "new"; connector: string }
  | { page: "connections" }
  | { page: "edit"; id: string; justSaved: boolean }
  | { page: "missing"; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  const [pathname, query = ""] = path.split("?", 2) as [string, string?];
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: "catalog" };
  if (parts[0] === "connectors" && parts.length === 3 && parts[2] === "new")
    return { page: "new", connector: parts[1] };
  if (parts[0] === "connections" && parts.length === 1) return { page: "connections" };
  if (parts[0] === "connections" && parts.length === 2)
    return {
      page: "edit",
      id: parts[1],
      justSaved: new URLSearchParams(query).get("saved") === "1",
    };
  return { page: "missing", path };
}

export const href = {
  catalog: () => "#/",
  newConnection: (connector: string) => `#/connectors/${encodeURIComponent(connector)}/new`,
  connections: () => "#/connections",
  connection: (id: string) => `#/connections/${encodeURIComponent(id)}`,
};

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, "");
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
