// Lint: typescript-eslint's recommended rules on the sources, tests and benchmarks (formatting is prettier's job).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".e2e/", ".attune/", "out/", "test-results/", "**/*.mjs", "**/*.cjs", "**/*.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "error",
      "no-constant-condition": ["error", { checkLoops: false }],
      // Lazy require() keeps optional and heavy modules (TF.js backends, esbuild, the webview host) off start-up.
      "@typescript-eslint/no-require-imports": "off",
      // Terminal output is parsed: ANSI escapes and control characters are what the regexes are for.
      "no-control-regex": "off",
    },
  },
);
