import js from "@eslint/js";
import tseslint from "typescript-eslint";

const globals = {
  process: "readonly",
  console: "readonly",
  URL: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  Buffer: "readonly",
  AbortController: "readonly",
  AbortSignal: "readonly",
  TextDecoder: "readonly",
  TextEncoder: "readonly",
  fetch: "readonly",
  setInterval: "readonly",
  clearInterval: "readonly",
};

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".cache/", "coverage/", "bench/node_modules/", "bench/runs/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The product's source is linted with type information: unsafe `any` flows and needless or
  // unsafe type assertions are errors.
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ignores: ["src/**/*.test.ts", "src/**/*.test.tsx", "src/**/__fixtures__/**"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-unsafe-type-assertion": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      // A switch over a union (events, items, policies) names every member; a `default` does not
      // stand in for the members it would swallow: a new event type cannot be dropped silently.
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
    },
  },
  // The UI talks to the session only (ARCHITECTURE.md): its model questions are the agent's.
  {
    files: ["src/tui/**/*.ts", "src/tui/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: ["**/gateway/*"], message: "the UI asks the session (agent/) instead of the gateway" }],
          paths: [
            {
              name: "ink",
              importNames: ["useInput"],
              message:
                "take keys with useKeys (tui/components/use-keys.ts): Ink's useInput misses keys typed as it mounts",
            },
          ],
        },
      ],
    },
  },
  // use-keys.ts wraps Ink's useInput (its one user).
  {
    files: ["src/tui/components/use-keys.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/gateway/*"], message: "the UI asks the session (agent/) instead of the gateway" }] },
      ],
    },
  },
);
