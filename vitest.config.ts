import { configDefaults, defineConfig } from "vitest/config";

// Two projects:
//   unit    — every test except *.litellm.test.ts; globalSetup bundles dist/ once.
//   litellm — *.litellm.test.ts against ONE real LiteLLM proxy (in front of ONE fake model
//             server) started by test/support/litellm-global-setup.ts. Skipped with a one-line
//             notice when python3 / the install is unavailable, unless REQUIRE_LITELLM=1.
// Run one: `npx vitest run --project unit` / `--project litellm`.
const include = ["test/**/*.test.ts", "src/**/*.test.ts", "src/**/*.test.tsx"];
const litellmInclude = ["test/**/*.litellm.test.ts", "src/**/*.litellm.test.ts"];

export default defineConfig({
  test: {
    // Headroom for a loaded 2-core machine: a test's own conditions decide, these only stop a hang.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include,
          exclude: [...configDefaults.exclude, "**/*.litellm.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "litellm",
          include: litellmInclude,
          // Each check goes through the real proxy, which pauses for seconds when the machine is busy.
          testTimeout: 120_000,
          globalSetup: ["test/support/global-setup.ts", "test/support/litellm-global-setup.ts"],
        },
      },
    ],
  },
});
