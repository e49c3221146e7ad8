// Builds dist/ once before any test runs, so e2e tests exercise the real bundle, and says
// once which system tools are missing and which tests skip for that (and how to make that a
// failure instead: the REQUIRE_* variables of test/README.md).
import { spawnSync } from "node:child_process";
// @ts-expect-error plain ESM build script without type declarations
import { bundle } from "../../scripts/bundle.mjs";

const TOOLS: { tool: string; args: string[]; skips: string; require?: string }[] = [
  {
    tool: "tmux",
    args: ["-V"],
    skips: "the interactive UI tests (test/e2e/tui*, login-interactive)",
    require: "REQUIRE_TMUX",
  },
  { tool: "bwrap", args: ["--version"], skips: "the real-sandbox tests (test/security)", require: "REQUIRE_SANDBOX" },
  {
    tool: "python3",
    args: ["--version"],
    skips: "the tests through a real LiteLLM proxy (*.litellm.test.ts)",
    require: "REQUIRE_LITELLM",
  },
  {
    tool: "go",
    args: ["version"],
    skips: "the OpenTelemetry Collector cases of test/e2e/otel.test.ts",
    require: "REQUIRE_OTEL",
  },
  { tool: "tinyproxy", args: ["-v"], skips: "the forward-proxy cases of test/e2e/corporate-network.litellm.test.ts" },
];

function noteMissingTools(): void {
  if (process.env.CODEX_LITELLM_TOOLS_NOTED) return;
  process.env.CODEX_LITELLM_TOOLS_NOTED = "1";
  for (const { tool, args, skips, require } of TOOLS) {
    if (spawnSync(tool, args, { stdio: "ignore" }).status === 0) continue;
    const strict = require ? ` (${require}=1 makes this a failure)` : "";
    console.warn(`skipping ${skips}: \`${tool}\` is not installed${strict}; see README's Development section`);
  }
}

export default async function setup(): Promise<void> {
  noteMissingTools();
  await bundle({ quiet: true, ifStale: true });
}
