// Upstream's PreCompact and PostCompact hooks through the built CLI: they run around a compaction
// with its `trigger` (`auto` when the context fills mid-turn, `manual` for `exec resume --compact`
// and /compact), their matcher selects the trigger, and `continue: false` ends the turn (before
// the summary is asked for, for PreCompact).
import { existsSync, readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV, home, useFakeServer } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { hookScript, hooksToml } from "../support/hook-script.js";
import { trustAllHooks } from "../support/hook-trust.js";
import { makeRepo } from "./exec-scenario.js";

const fake = useFakeServer();

const readInput = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

async function setup(prefix: string, script: Parameters<typeof fake.scriptedModel>[1], toml: string) {
  const model = fake.scriptedModel(prefix, script);
  const codexHome = home(fake.server.url, model, toml);
  await trustAllHooks(codexHome);
  const repo = makeRepo();
  const cli = (args: string[]) => runCli(args, { home: codexHome, env: ENV, timeoutMs: 60_000 });
  return { model, repo, cli };
}

/** A turn whose first answer fills the context past the limit, so the next request compacts first. */
const FILLING = [
  { shell: ["bash", "-lc", "echo step"], usage: { input_tokens: 12_000, output_tokens: 50 } },
  { text: "SUMMARY: ran echo step" },
  { text: "finished after compaction", usage: { input_tokens: 900, output_tokens: 20 } },
];

describe("PreCompact and PostCompact hooks", () => {
  it("run around an automatic compaction with trigger auto; a matcher for manual does not run", async () => {
    const pre = hookScript();
    const post = hookScript();
    const manualOnly = hookScript();
    const toml =
      "model_auto_compact_token_limit = 10000\n" +
      hooksToml("PreCompact", pre.command, "auto") +
      hooksToml("PostCompact", post.command) +
      hooksToml("PreCompact", manualOnly.command, "manual");
    const { model, repo, cli } = await setup("compact-auto", FILLING, toml);
    const r = await cli(["exec", "--full-auto", "-C", repo, "long task"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("finished after compaction\n");
    const before = readInput(pre.stdinFile);
    expect(before).toMatchObject({ hook_event_name: "PreCompact", trigger: "auto", model });
    for (const key of ["session_id", "turn_id", "cwd"]) expect(typeof before[key]).toBe("string");
    expect(readInput(post.stdinFile)).toMatchObject({ hook_event_name: "PostCompact", trigger: "auto" });
    expect(readInput(post.stdinFile).turn_id).toBe(before.turn_id);
    expect(statSync(post.stdinFile).mtimeMs).toBeGreaterThanOrEqual(statSync(pre.stdinFile).mtimeMs);
    expect(existsSync(manualOnly.stdinFile)).toBe(false);
  });

  it("a PreCompact hook's continue:false ends the turn before the summary is asked for", async () => {
    const pre = hookScript(`printf '%s' '{"continue":false,"stopReason":"keep the full history"}'`);
    const post = hookScript();
    const toml =
      "model_auto_compact_token_limit = 10000\n" +
      hooksToml("PreCompact", pre.command) +
      hooksToml("PostCompact", post.command);
    const { model, repo, cli } = await setup("compact-stop", FILLING, toml);
    const r = await cli(["exec", "--full-auto", "-C", repo, "long task"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("keep the full history");
    expect(fake.server.requests(model)).toHaveLength(1);
    expect(existsSync(post.stdinFile)).toBe(false);
  });

  it("exec resume --compact runs them with trigger manual", async () => {
    const pre = hookScript();
    const post = hookScript();
    const toml = hooksToml("PreCompact", pre.command, "manual") + hooksToml("PostCompact", post.command, "manual");
    const script = [
      { text: "big answer", usage: { input_tokens: 50_000, output_tokens: 100 } },
      { text: "the summary of it all" },
      { text: "after compaction" },
    ];
    const { repo, cli } = await setup("compact-manual", script, toml);
    expect((await cli(["exec", "-C", repo, "make it big"])).code).toBe(0);
    expect(existsSync(pre.stdinFile)).toBe(false);
    const args = ["exec", "resume", "--last", "--compact", "-c", "context_length=20000", "-C", repo, "go on"];
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(readInput(pre.stdinFile)).toMatchObject({ hook_event_name: "PreCompact", trigger: "manual" });
    expect(readInput(post.stdinFile)).toMatchObject({ hook_event_name: "PostCompact", trigger: "manual" });
  });
});
