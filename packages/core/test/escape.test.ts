import { describe, expect, it } from "vitest";
import {
  commentText,
  htmlCommentText,
  markdownCode,
  markdownParagraph,
  markdownText,
  markdownUrl,
} from "../src/index.js";

describe("commentText", () => {
  it.each([
    ["plain", "plain"],
    ["Acme */ console.error(1); /*", "Acme *\\/ console.error(1); /*"],
    ["a*/*/b", "a*\\/*\\/b"],
    ["line\u2028break\u0000", "line break "],
  ])("%j → %j", (input, want) => expect(commentText(input)).toBe(want));

  it("never lets a comment end early", () => {
    for (const hostile of ["*/", "**/", "*//*/", "x*/\n*/"])
      expect(`/** ${commentText(hostile)} */`.indexOf("*/")).toBe(
        `/** ${commentText(hostile)} `.length,
      );
  });
});

describe("markdownText", () => {
  it.each([
    ["Host name", "Host name"],
    ["a | b", "a \\| b"],
    ['<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)"&gt;'],
    ["[link](http://evil)", "\\[link\\](http://evil)"],
    ["two\nlines", "two lines"],
    ["0.1.0", "0.1.0"],
    ["snake_case stays, _emphasis_ does not", "snake_case stays, \\_emphasis\\_ does not"],
    ["`code` and *stars*", "\\`code\\` and \\*stars\\*"],
    ["AT&T", "AT&amp;T"],
  ])("%j → %j", (input, want) => expect(markdownText(input)).toBe(want));
});

describe("markdownParagraph", () => {
  it.each([
    ["# heading", "\\# heading"],
    ["- item", "\\- item"],
    ["> quote", "&gt; quote"],
    ["1. item", "1\\. item"],
    ["A sentence. 2. Not a list", "A sentence. 2. Not a list"],
  ])("%j → %j", (input, want) => expect(markdownParagraph(input)).toBe(want));
});

describe("markdownCode", () => {
  it.each([
    ["host", "`host`"],
    ["a`b", "``a`b``"],
    ["`x`", "`` `x` ``"],
    ["a|b", "`a\\|b`"],
    ["two\nlines", "`two lines`"],
  ])("%j → %j", (input, want) => expect(markdownCode(input)).toBe(want));
});

describe("htmlCommentText and markdownUrl", () => {
  it("keeps an HTML comment open", () => {
    expect(htmlCommentText("a --> <script>")).not.toContain("-->");
    expect(htmlCommentText("a --> <script>")).not.toMatch(/[<>]/);
  });
  it("accepts only plain http(s) URLs", () => {
    expect(markdownUrl("https://docs.example.com/a?b=1")).toBe("https://docs.example.com/a?b=1");
    for (const bad of ["javascript:alert(1)", "https://x> <img>", "ftp://x", "https://a b"])
      expect(markdownUrl(bad)).toBeUndefined();
  });
});
