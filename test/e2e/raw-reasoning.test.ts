// `show_raw_agent_reasoning` through the built CLI: by default a reasoning item's summary is shown and
// its raw reasoning text is not; with the key set the raw text is shown too (exec's output).
import { describe, expect, it } from "vitest";
import { ENV, home, modelName, useFakeServer } from "../faults/support.js";
import { runCli } from "../support/cli.js";

const fake = useFakeServer();

async function run(toml: string) {
  const model = modelName("raw-reasoning");
  fake.server.setScript(model, [
    {
      output: [
        { type: "reasoning", text: "SUMMARY-OF-THOUGHT", raw: "RAW-CHAIN-OF-THOUGHT" },
        { type: "text", text: "done" },
      ],
    },
  ]);
  const r = await runCli(["exec", "--skip-git-repo-check", "hi"], {
    home: home(fake.server.url, model, toml),
    env: ENV,
    timeoutMs: 60_000,
  });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout + r.stderr;
}

describe("show_raw_agent_reasoning", () => {
  it("off (default): the summary is shown, the raw reasoning is not", async () => {
    const out = await run("");
    expect(out).toContain("SUMMARY-OF-THOUGHT");
    expect(out).not.toContain("RAW-CHAIN-OF-THOUGHT");
  });

  it("on: the raw reasoning is shown besides the summary", async () => {
    const out = await run("show_raw_agent_reasoning = true");
    expect(out).toContain("SUMMARY-OF-THOUGHT");
    expect(out).toContain("RAW-CHAIN-OF-THOUGHT");
  });
});
