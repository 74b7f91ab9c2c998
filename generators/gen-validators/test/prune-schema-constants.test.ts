import { describe, expect, it } from "vitest";
import { pruneSchemaConstants } from "../src/prune-schema-constants.js";

// {name, in, out}: ajv's standalone code in, the same code with each schema constant cut down to
// what the code reads out.
const CASES: { name: string; in: string; out: string }[] = [
  {
    name: "an enum read along a path keeps only that path",
    in: 'const schema0 = {"title":"T","description":"long","properties":{"mode":{"enum":["a","b"],"description":"d"},"host":{"type":"string"}}};function validate0(data){if(!(schema0.properties.mode.enum.includes(data.mode))){}}',
    out: 'const schema0 = {"properties":{"mode":{"enum":["a","b"]}}};function validate0(data){if(!(schema0.properties.mode.enum.includes(data.mode))){}}',
  },
  {
    name: "array indices are kept in place, null before them",
    in: 'const schema0 = {"oneOf":[{"title":"a"},{"properties":{"p":{"enum":[1]}}}]};const x = schema0.oneOf[1].properties.p.enum;',
    out: 'const schema0 = {"oneOf":[null,{"properties":{"p":{"enum":[1]}}}]};const x = schema0.oneOf[1].properties.p.enum;',
  },
  {
    name: "a key written in brackets",
    in: 'const schema1 = {"properties":{"a-b":{"enum":["x"]},"c":{}}};f(schema1.properties["a-b"].enum);',
    out: 'const schema1 = {"properties":{"a-b":{"enum":["x"]}}};f(schema1.properties["a-b"].enum);',
  },
  {
    name: "a constant named without a path is kept whole",
    in: 'const schema0 = {"enum":[1],"title":"t"};f(schema0);g(schema0.enum);',
    out: 'const schema0 = {"enum":[1],"title":"t"};f(schema0);g(schema0.enum);',
  },
  {
    name: "a path the value does not have keeps the value where it stops",
    in: 'const schema0 = {"a":{"enum":[1,2]},"b":1};n = schema0.a.enum.length;',
    out: 'const schema0 = {"a":{"enum":[1,2]}};n = schema0.a.enum.length;',
  },
  {
    name: "a whole value and a path into it: the whole wins",
    in: 'const schema0 = {"a":{"x":1,"y":2},"b":3};f(schema0.a);g(schema0.a.x);',
    out: 'const schema0 = {"a":{"x":1,"y":2}};f(schema0.a);g(schema0.a.x);',
  },
  {
    name: "a name inside a string or a comment is not a read",
    in: 'const schema0 = {"a":{"enum":[1]},"d":"see schema0.d"};/* schema0.b */const m = "schema0.c";f(schema0.a.enum);',
    out: 'const schema0 = {"a":{"enum":[1]}};/* schema0.b */const m = "schema0.c";f(schema0.a.enum);',
  },
  {
    name: "a constant the code never names is left alone",
    in: 'const schema0 = {"a":1};function v(){}',
    out: 'const schema0 = {"a":1};function v(){}',
  },
  {
    name: "__proto__ stays a key, and line separators stay escaped",
    in: 'const schema0 = {"properties":{"__proto__":{"enum":["\\u2028"]},"z":0}};f(schema0.properties.__proto__.enum);',
    out: 'const schema0 = {"properties":{"__proto__":{"enum":["\\u2028"]}}};f(schema0.properties.__proto__.enum);',
  },
  {
    name: "two constants, each cut to its own reads",
    in: 'const schema0 = {"a":[1],"b":[2]};const schema1 = {"c":[3],"d":[4]};f(schema0.b, schema1.c);',
    out: 'const schema0 = {"b":[2]};const schema1 = {"c":[3]};f(schema0.b, schema1.c);',
  },
];

describe("pruneSchemaConstants", () => {
  it.each(CASES)("$name", (c) => {
    expect(pruneSchemaConstants(c.in)).toBe(c.out);
  });
});
