import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { precompiledTemplates, TEMPLATES } from "../scripts/precompile-templates.js";

describe("the precompiled templates", () => {
  it("are what templates/*.hbs precompile to (npm run gen:templates -w @onespec/gen-docs)", async () => {
    expect(readFileSync(TEMPLATES, "utf8")).toBe(await precompiledTemplates());
  });
});
