/** A connector config's problems as diagnostics located in the file they came from. */
import type { Diagnostic, Location } from "@onespec/core";
import type { ConfigError } from "@onespec/sdk";

export function configProblemDiagnostics(
  error: ConfigError,
  options: {
    file: string;
    /** Where the config sits in the file: "" for a config file, "/source/config" in a workflow. */
    prefix: string;
    locate: (pointer: string) => Location | undefined;
    redact: (text: string) => string;
    hint?: string;
  },
): Diagnostic[] {
  return error.problems.map((p) => {
    const pointer = `${options.prefix}${p.pointer}`;
    return {
      severity: "error" as const,
      code: "config/invalid",
      message: options.redact(`${pointer || "(root)"} ${p.message}`),
      file: options.file,
      pointer,
      ...options.locate(pointer),
      ...(options.hint !== undefined && { hint: options.hint }),
    };
  });
}
