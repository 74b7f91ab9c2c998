/**
 * Which failed runs are tried again. The connector's own transient kinds (network, timeout,
 * rate limit: the SDK's `transientKinds`), a run stopped at its time budget or interrupted by a
 * signal (its retry resumes from the checkpoint, so it makes progress) and a run process that
 * died. Never config, auth, permission, not-found, source or sink errors: the same run would
 * fail the same way.
 */
import { transientKinds, type ErrorKind } from "@onespec/sdk";

/** Kinds of the run itself rather than the connector's (`interrupted`: SIGINT/SIGTERM). */
const RUN_KINDS: ReadonlySet<string> = new Set(["timed-out", "interrupted", "crash"]);

export function isTransient(kind: string | null): boolean {
  if (kind === null) return false;
  return RUN_KINDS.has(kind) || transientKinds.has(kind as ErrorKind);
}
