// Upstream parity of the command line and of exec (issue 20): piped stdin with a prompt, `help`,
// the context_length alias, help at 80 columns, and apply_patch's refusals as upstream words them.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { ENV, home, modelName, repo, shellToolsHome, useFakeServer } from "../faults/support.js";
import { runCli, tempHome } from "../support/cli.js";
import { hasTmux, TmuxTerminal } from "../support/tmux.js";

const fake = useFakeServer();

type Input = { type: string; role?: string; output?: unknown; content?: { text?: string }[] };
const lastInput = (model: string) => (fake.server.requests(model).at(-1)?.body as { input: Input[] }).input ?? [];
const toolOutputs = (model: string) =>
  lastInput(model)
    .filter((i) => i.type.endsWith("_call_output"))
    .map((i) => String(i.output));

describe("exec: a prompt argument with piped stdin", () => {
  it("appends stdin in a <stdin> block after the prompt, as upstream does; an empty stdin adds nothing", async () => {
    const model = modelName("stdin");
    fake.server.setScript(model, [{ text: "reviewed" }, { text: "again" }]);
    const codexHome = home(fake.server.url, model);
    const dir = repo();
    const piped = await runCli(["exec", "-C", dir, "review this"], {
      home: codexHome,
      env: ENV,
      input: "diff --git a/x b/x\n+added",
    });
    expect(piped.code, piped.stderr).toBe(0);
    const userText = () =>
      lastInput(model)
        .filter((i) => i.role === "user")
        .at(-1)?.content?.[0]?.text;
    expect(userText()).toBe("review this\n\n<stdin>\ndiff --git a/x b/x\n+added\n</stdin>");
    const empty = await runCli(["exec", "-C", dir, "just this"], { home: codexHome, env: ENV, input: "  \n" });
    expect(empty.code, empty.stderr).toBe(0);
    expect(userText()).toBe("just this");
  });
});

describe("help", () => {
  it("`help` and `help exec` print help instead of starting a session", async () => {
    const codexHome = tempHome();
    const top = await runCli(["help"], { home: codexHome });
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^Usage: codex-litellm /);
    const exec = await runCli(["help", "exec"], { home: codexHome });
    expect(exec.code).toBe(0);
    expect(exec.stdout).toMatch(/^Usage: codex-litellm exec/);
    expect(exec.stdout).toContain("--output-last-message");
  });

  it.skipIf(!hasTmux)("wraps at an 80-column terminal without breaking words", async () => {
    for (const args of [["--help"], ["exec", "--help"]]) {
      const term = new TmuxTerminal(
        args,
        { HOME: tempHome(), PATH: process.env.PATH ?? "/usr/bin:/bin" },
        { cwd: tempHome(), width: 80, height: 100 },
      );
      try {
        const screen = await term.waitFor(/\[exit 0\]/);
        // capture-pane -J joins lines the terminal wrapped: a line over 80 would have been cut mid-word.
        expect(screen.split("\n").filter((l) => l.length > 80)).toEqual([]);
        expect(screen).toMatch(
          / {6}run every command without asking and without a sandbox \(only inside an\n {6}external sandbox\)/,
        );
      } finally {
        term.kill();
      }
    }
  });
});

describe("config get", () => {
  it("answers the context_length alias with the resolved window", async () => {
    const codexHome = tempHome('model = "m"\ncontext_length = 64000\n');
    const r = await runCli(["config", "get", "context_length"], { home: codexHome });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("64000\n");
  });
});

describe("apply_patch refusals in upstream's words", () => {
  const patch = (body: string) => `*** Begin Patch\n${body}*** End Patch`;

  async function run(steps: FakeStep[], flags: string[] = []): Promise<{ outputs: string[]; dir: string }> {
    const model = modelName("patch");
    fake.server.setScript(model, [...steps, { text: "done" }]);
    const dir = repo();
    // The apply_patch tool is offered (a catalog entry naming it).
    const codexHome = shellToolsHome(fake.server.url, model);
    const r = await runCli(["exec", ...flags, "-C", dir, "go"], { home: codexHome, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    return { outputs: toolOutputs(model), dir };
  }

  it("an empty patch is rejected: patch rejected: empty patch", async () => {
    const { outputs } = await run(
      [{ custom_tool_call: { name: "apply_patch", input: patch("") } }],
      ["-s", "workspace-write"],
    );
    expect(outputs).toEqual(["patch rejected: empty patch"]);
  });

  it("under approval never, a write outside the writable roots is rejected at once, not asked", async () => {
    const { outputs, dir } = await run(
      [{ custom_tool_call: { name: "apply_patch", input: patch("*** Add File: ../outside.txt\n+x\n") } }],
      ["-s", "workspace-write"],
    );
    expect(outputs).toEqual(["patch rejected: writing outside of the project; rejected by user approval settings"]);
    expect(existsSync(path.join(path.dirname(dir), "outside.txt"))).toBe(false);
  });

  it("a shell call whose script is a bare patch is refused, not run by bash", async () => {
    const bare = patch("*** Add File: made-by-bash.txt\n+x\n");
    const { outputs, dir } = await run(
      [{ shell: ["bash", "-lc", bare] }, { shell: [bare] }],
      ["--dangerously-bypass-approvals-and-sandbox"],
    );
    const refusal =
      'apply_patch verification failed: patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]';
    expect(outputs).toEqual([refusal, refusal]);
    expect(existsSync(path.join(dir, "made-by-bash.txt"))).toBe(false);
    expect(readFileSync(path.join(dir, "math.js"), "utf8")).toContain("a - b"); // nothing else touched
  });
});
