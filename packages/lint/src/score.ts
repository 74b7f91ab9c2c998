import { reachableDocs, type Diagnostic, type SchemaModel } from "@onespec/core";
import { AREAS, type Area } from "./rule.js";

const PENALTY = { error: 25, warning: 5, info: 1 } as const;

/** Which review area a diagnostic that is not a lint finding belongs to. */
function areaOf(d: Diagnostic & { area?: Area }): Area {
  if (d.area) return d.area;
  if (d.code.startsWith("metadata/"))
    return d.code.includes("test-connection") || d.code.includes("step")
      ? "tests"
      : "schema & registration";
  if (d.code.startsWith("schema/unsatisfiable")) return "tests";
  return "schema & registration";
}

export interface ConnectorScore {
  connector: string;
  areas: Record<Area, number>;
  total: number;
}

/**
 * A score per connector and review area: 100 minus a penalty per finding in the files the
 * connector's schema reaches (error 25, warning 5, info 1), never below 0; total is the mean.
 */
export function scoreConnectors(
  model: SchemaModel,
  diagnostics: readonly Diagnostic[],
): ConnectorScore[] {
  return model.connectors.map((c) => {
    const files = new Set(
      [...reachableDocs(model, c)].map((p) => model.docs.get(p)!.source.displayPath),
    );
    const areas = Object.fromEntries(AREAS.map((a) => [a, 100])) as Record<Area, number>;
    for (const d of diagnostics) {
      if (!(d.connector === c.name || (d.file !== undefined && files.has(d.file)))) continue;
      const a = areaOf(d);
      areas[a] = Math.max(0, areas[a] - PENALTY[d.severity]);
    }
    const total = Math.round(AREAS.reduce((s, a) => s + areas[a], 0) / AREAS.length);
    return { connector: c.name, areas, total };
  });
}
