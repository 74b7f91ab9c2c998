import { describe, expect, it } from "vitest";
import { renumberScopeNames } from "../src/renumber.js";

describe("renumberScopeNames", () => {
  it("numbers each prefix from 0 in order of appearance, the same name everywhere", () => {
    expect(
      renumberScopeNames(
        "function validate12(){return validate7(x) && schema40.a && validate12.errors}const schema40 = 1;",
      ),
    ).toBe(
      "function validate0(){return validate1(x) && schema0.a && validate0.errors}const schema0 = 1;",
    );
  });

  it("leaves names inside strings, comments and regular-expression literals alone", () => {
    // ajv writes a format given as a RegExp as a literal; ajv-formats' uri-template holds a quote.
    const code = `const formats10 = /^(?:[^\\x00-\\x20"'<>]|\\{[+#./;?&=,!@|]?)*$/i;/*# sourceURL="validate3" */function validate70(x){return formats10.test(x) && "validate9" !== x && x / 2 > 1}`;
    expect(renumberScopeNames(code)).toBe(
      `const formats0 = /^(?:[^\\x00-\\x20"'<>]|\\{[+#./;?&=,!@|]?)*$/i;/*# sourceURL="validate3" */function validate0(x){return formats0.test(x) && "validate9" !== x && x / 2 > 1}`,
    );
  });
});
