// Nothing leaked, nothing lost: a run with a known fake key never writes it anywhere, and an
// unwritable telemetry dir only costs a one-time warning.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempHome } from "../support/cli.js";
import { makeRepo } from "./exec-scenario.js";
import { cleanup, useFakeServer } from "../faults/support.js";

const KEY = "sk-SECRET-fake-key-987654321";
const fake = useFakeServer({ apiKey: KEY });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe("secrets", () => {
  it("a known fake key never appears in any file under CODEX_HOME, the logs, stdout or stderr", async () => {
    const model = "secret-scan";
    // The model even tries to print the environment and to echo the key it sees in its context.
    fake.server.setScript(model, [
      { shell: ["bash", "-lc", "env; echo LITELLM_API_KEY=$LITELLM_API_KEY"] },
      {
        function_call: {
          name: "update_plan",
          arguments: { explanation: `using ${KEY}`, plan: [{ step: `call with ${KEY}`, status: "completed" }] },
        },
      },
      { text: "done" },
    ]);
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const home = tempHome(
      // update_plan is offered, so the key the plan carries goes through the plan events too.
      `model = "${model}"\n[model_providers.litellm]\nbase_url = "${fake.server.url}"\nhttp_headers = { "X-Api-Key" = "${KEY}" }\n[tools.update_plan]\nenabled = true\n`,
    );
    for (const json of [true, false]) {
      const r = await runCli(
        ["exec", ...(json ? ["--json"] : []), "--full-auto", "-C", repo, "show me the environment"],
        { home, env: { LITELLM_API_KEY: KEY } },
      );
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(KEY);
      fake.server.setScript(model, [{ shell: ["bash", "-lc", "env"] }, { text: "done" }]);
    }
    const files = filesUnder(home);
    expect(files.some((f) => f.includes(`${path.sep}sessions${path.sep}`))).toBe(true);
    expect(files.some((f) => f.endsWith("codex-litellm-session.jsonl"))).toBe(true);
    // Everything we wrote (config.toml is the user's own file, holding the header on purpose).
    for (const file of files.filter((f) => path.basename(f) !== "config.toml"))
      expect(readFileSync(file, "utf8"), file).not.toContain(KEY);
    // The command's environment did not carry the key either (KEY/SECRET/TOKEN names are dropped).
    const outputs = fake.server
      .requests(model)
      .flatMap((q) =>
        ((q.body as { input: { type: string; output?: unknown }[] }).input ?? [])
          .filter((i) => i.type === "function_call_output")
          .map((i) => String(i.output)),
      );
    expect(outputs.some((o) => o.includes("PATH="))).toBe(true);
    for (const o of outputs) expect(o).not.toContain(KEY);
  });
});

describe("telemetry write failures", () => {
  it.each([
    [
      "the logs dir cannot be created (a file is in the way)",
      (home: string) => writeFileSync(path.join(home, "logs"), "not a dir"),
      [],
      /^telemetry: cannot create .*logs \(EEXIST\); continuing without telemetry$/m,
    ],
    [
      "the usage log cannot be written (its path is a folder)",
      (home: string) => mkdirSync(path.join(home, "logs", "usage-dir"), { recursive: true }),
      ["-c", 'telemetry.logs.session.file="usage-dir"'],
      /^telemetry: cannot write .*usage-dir \(EISDIR\); continuing without it$/m,
    ],
  ] as const)("%s: one warning, and the session goes on", async (_name, breakIt, flags, warning) => {
    const model = `broken-logs-${Math.random().toString(36).slice(2)}`;
    fake.server.setScript(model, [{ shell: ["bash", "-lc", "true"] }, { text: "still answered" }]);
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const home = tempHome(`model = "${model}"\n[model_providers.litellm]\nbase_url = "${fake.server.url}"\n`);
    breakIt(home);
    const r = await runCli(["exec", ...flags, "--full-auto", "-C", repo, "hi"], {
      home,
      env: { LITELLM_API_KEY: KEY },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("still answered\n");
    expect(r.stderr).toMatch(warning);
    expect(r.stderr.match(/^telemetry: cannot/gm)).toHaveLength(1);
  });
});
