// `npm run lint`: ESLint with typescript-eslint over every workspace's src and test, the
// scripts and the config files. Type-aware rules get their types from each package's own
// tsconfig.json through the project service, so the linter sees what `tsc` sees. Why ESLint
// and not Biome or oxlint: docs/architecture/tooling.md.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    // Generated output is checked against its generator (`onespec generate --check`, golden
    // files), not linted; test input is kept byte for byte.
    ignores: [
      "**/node_modules/",
      "**/dist/",
      "**/.turbo/",
      "coverage/",
      "scratch/",
      ".tmp/",
      "generated/",
      "**/__snapshots__/",
      "**/*.generated.ts",
      "tooling/test-fixtures/{cases,corpus,trees,sql,history}/",
      "generators/*/test/cases/",
      "packages/core/src/meta/",
      "packages/core/test/json-schema-test-suite/",
      "examples/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Type-aware rules, chosen one by one: each one catches a bug `tsc` lets through.
      // Left off from recommendedTypeChecked: the no-unsafe-* family (the loader and the
      // generators walk parsed JSON, which is `any` by nature; hundreds of findings, no bug),
      // require-await (async methods that implement a Promise-returning interface without
      // awaiting), unbound-method (methods passed as callbacks in tests and of objects that
      // do not use `this`), restrict-template-expressions and no-base-to-string (values
      // already narrowed to strings or numbers by hand-written guards the types cannot see).
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        // A `default:` branch is a decision; a switch without one must name every case.
        { considerDefaultExhaustiveForUnions: true },
      ],
      "@typescript-eslint/only-throw-error": "error",
      // Rejecting with an AbortSignal's `reason` (typed `any`) is how an abort is passed on.
      "@typescript-eslint/prefer-promise-reject-errors": [
        "error",
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          // `_name` is this code base's way to say "unused on purpose" (an omitted property
          // in a rest destructuring, an interface's parameter).
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      // Escaping and stripping control characters is what these regexes are for.
      "no-control-regex": "off",
      // A package's declarations for an untyped dependency (randexp.d.ts) travel with its source
      // as `/// <reference path>`: other packages compile that source through its exports.
      "@typescript-eslint/triple-slash-reference": ["error", { path: "always" }],
      // Prettier owns line breaks; it puts a `[Symbol.asyncIterator]()` after a call chain on
      // its own line, which this rule (meant for code without semicolons) misreads.
      "no-unexpected-multiline": "off",
    },
  },
  {
    // Tests read parsed JSON responses and hand-built configs as `any` on purpose.
    files: ["**/test/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Being replaced by the @onespec/import package; its findings go with it.
    files: ["packages/cli/src/scaffold/import-spec.ts"],
    rules: {
      "preserve-caught-error": "off",
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
    },
  },
  {
    // Plain JavaScript (the CLI's bin shim, build scripts) and the tool configs are in no
    // tsconfig: lint them without types.
    files: ["**/*.js", "**/*.mjs", "**/vitest.config.ts", "vitest.shared.ts", "**/vite.config.ts"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
