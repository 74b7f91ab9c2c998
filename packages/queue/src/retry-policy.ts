/**
 * Which failed runs are tried again. The connector's own transient kinds (network, timeout,
 * rate limit: the SDK's `transientKinds`), a run stopped at its time budget (its retry resumes
 * from the checkpoint, so it makes progress) and a run process that died. Never config, auth,
 * source or sink errors: the same run would fail the same way.
 */
import { transientKinds, type ErrorKind } from "@onespec/sdk";

export function isTransient(kind: string | null): boolean {
  if (kind === null) return false;
  return kind === "timed-out" || kind === "crash" || transientKinds.has(kind as ErrorKind);
}
