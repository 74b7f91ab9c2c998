import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** A draft's meta-schema (or one of the vocabulary meta-schemas it is made of), as ajv ships it. */
export interface MetaSchemaFile {
  /** Its `$id`, without the empty fragment. */
  uri: string;
  /** Where it sits in the model, relative to the schema root: `json-schema-meta/<draft>/….json`. */
  rel: string;
  text: string;
}

let byUri: Map<string, MetaSchemaFile> | undefined;

/** Every meta-schema ajv and ajv-draft-04 ship (draft-04 through 2020-12), by `$id`. */
function metaSchemaFiles(): Map<string, MetaSchemaFile> {
  if (byUri) return byUri;
  byUri = new Map();
  const add = (file: string, rel: string) => {
    const text = readFileSync(file, "utf8");
    const json = JSON.parse(text) as { $id?: string; id?: string };
    const id = (json.$id ?? json.id ?? "").replace(/#$/, "");
    if (id) byUri!.set(id, { uri: id, rel: `json-schema-meta/${rel}`, text });
  };
  add(require.resolve("ajv-draft-04/dist/refs/json-schema-draft-04.json"), "draft-04/schema.json");
  add(require.resolve("ajv/dist/refs/json-schema-draft-06.json"), "draft-06/schema.json");
  add(require.resolve("ajv/dist/refs/json-schema-draft-07.json"), "draft-07/schema.json");
  for (const draft of ["2019-09", "2020-12"]) {
    const main = require.resolve(`ajv/dist/refs/json-schema-${draft}/schema.json`);
    add(main, `${draft}/schema.json`);
    const metaDir = path.join(path.dirname(main), "meta");
    for (const f of readdirSync(metaDir)
      .filter((n) => n.endsWith(".json"))
      .sort())
      add(path.join(metaDir, f), `${draft}/meta/${f}`);
  }
  return byUri;
}

/**
 * The built-in copy of the meta-schema a URI names (`http://json-schema.org/draft-07/schema#`,
 * `https://json-schema.org/draft/2020-12/meta/core`), if it is one; http and https alike.
 */
export function metaSchemaFile(uri: string): MetaSchemaFile | undefined {
  const m = /^https?:\/\/json-schema\.org\/(.*?)#?$/.exec(uri);
  if (!m) return undefined;
  const files = metaSchemaFiles();
  return (
    files.get(`http://json-schema.org/${m[1]}`) ?? files.get(`https://json-schema.org/${m[1]}`)
  );
}
