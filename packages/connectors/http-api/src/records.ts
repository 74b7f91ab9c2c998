/**
 * Record validators by schema name: the generated validators of the schemas under
 * schemas/records/, looked up by the name an endpoint's record_schema gives.
 */
import { ConfigError } from "@onespec/sdk";
import { recordSchemas } from "@onespec/generated/records";

type RecordValidator = { problems(data: unknown): { pointer: string; message: string }[] };

/** A function listing a record's problems as "pointer message" strings (none when valid). */
export function recordValidator(name: string): (record: unknown) => string[] {
  const entry = (recordSchemas as Record<string, RecordValidator>)[name];
  if (!entry) {
    throw new ConfigError(
      `record_schema ${JSON.stringify(name)} is not a generated record schema`,
      {
        hint: `Known: ${Object.keys(recordSchemas).join(", ") || "none"}. Add schemas/records/${name}.json and run \`onespec generate\`.`,
      },
    );
  }
  return (record) => entry.problems(record).map((p) => `${p.pointer || "(root)"} ${p.message}`);
}
