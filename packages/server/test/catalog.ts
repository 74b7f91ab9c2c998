import { REPO_SCHEMAS } from "@onespec/test-fixtures";
import { catalogFromSchemas } from "../src/index.js";

/** The repository's connectors, as `onespec serve` builds them from schemas/. */
export const catalog = await catalogFromSchemas({ schemas: REPO_SCHEMAS });
