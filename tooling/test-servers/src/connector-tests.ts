/** Helpers the connector packages' tests share. */

/** The placeholder the fixtures generator writes into secret fields. */
export const PLACEHOLDER = "placeholder-not-a-real-secret";
const REDACTED = "[redacted]";

/** Every secret value in a fixture config: what `redact` replaces, plus any placeholder text. */
export function secretValues(config: unknown, redact: <V>(value: V) => V): string[] {
  const found = new Set<string>([PLACEHOLDER]);
  const collect = (value: unknown): void => {
    if (typeof value === "string" && value !== "") found.add(value);
    else if (typeof value === "number") found.add(String(value));
    else if (value !== null && typeof value === "object")
      for (const v of Object.values(value)) collect(v);
  };
  const walk = (original: unknown, redacted: unknown): void => {
    if (redacted === REDACTED && original !== REDACTED) return collect(original);
    if (typeof original === "string" && /placeholder/i.test(original)) found.add(original);
    if (
      original !== null &&
      typeof original === "object" &&
      redacted !== null &&
      typeof redacted === "object"
    )
      for (const [k, v] of Object.entries(original))
        walk(v, (redacted as Record<string, unknown>)[k]);
  };
  walk(config, redact(config));
  return [...found];
}

/** The error `run` throws; fails the test when it does not throw. */
export function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, but none was thrown");
}

/** "pointer keyword", for comparing problems with a fixture's expected errors. */
export const problemKey = (p: { pointer: string; keyword: string }) => `${p.pointer} ${p.keyword}`;
