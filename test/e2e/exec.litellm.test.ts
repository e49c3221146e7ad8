// `codex-litellm exec` as a user runs it, through the real LiteLLM proxy in front of the
// scripted fake model server: the repository ends fixed and --json is upstream's format.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertValidExecEvents } from "../schemas/validate.js";
import { runCli, tempHome } from "../support/cli.js";
import { uniqueModel, useLiteLLM } from "../support/litellm.js";
import { fixScript, makeRepo, SCENARIO_TOML } from "./exec-scenario.js";

const ll = useLiteLLM();
const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!ll.available)("exec through the real LiteLLM proxy", () => {
  it.each(["responses", "chat"] as const)("fixes a failing test (%s wire)", async (wire) => {
    const model = uniqueModel(`exec-${wire}`);
    await ll.fake.setScript(model, fixScript());
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const home = tempHome(
      `model = "${model}"\n[model_providers.litellm]\nbase_url = "${ll.openaiBaseUrl}"\nwire_api = "${wire}"\n${SCENARIO_TOML}`,
    );
    const r = await runCli(["exec", "--json", "--full-auto", "-C", repo, "fix the failing test"], {
      home,
      env: { LITELLM_API_KEY: ll.masterKey },
      timeoutMs: 60_000,
    });
    expect(r.stderr).toMatch(/^telemetry: recording debug events to \S+\.log\n$/);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(repo, "math.js"), "utf8")).toContain("return a + b;");
    const lines = r.stdout.trim().split("\n");
    assertValidExecEvents(lines);
    const items = lines
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === "item.completed")
      .map((e) => e.item);
    expect(items.filter((i) => i.type === "command_execution").map((i) => i.exit_code)).toEqual([0, 0]);
    expect(items.find((i) => i.type === "file_change")?.status).toBe("completed");
    expect(items.find((i) => i.type === "agent_message")?.text).toBe("Fixed add() in math.js; node test.js passes.");
    expect((await ll.fake.requests(model)).length).toBe(6);
  });
});
