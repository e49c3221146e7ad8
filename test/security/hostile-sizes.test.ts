// Issue 29, item 6: a tool call with megabytes of arguments is not kept whole. Over 1 MiB it is
// not run and the model is told the limit; an event over 16 Mi characters is not even read (the
// turn ends with one error line). Either way the history sent back, the rollout and the
// terminal stay small and nothing the call asked for happens.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { ENV, home, modelName, repo, rolloutFiles, useFakeServer } from "../faults/support.js";

const fake = useFakeServer();

const MB = 1024 * 1024;

describe("issue 29 item 6: huge tool-call arguments", () => {
  it("a 12 MB shell command and a 12 MB patch: not run, the model reads why; the rollout, next request and terminal stay under 1 MB", async () => {
    const dir = repo();
    const model = modelName("huge-args");
    const filler = "A".repeat(12 * MB);
    fake.server.setScript(model, [
      { shell: ["bash", "-lc", `echo ${filler} > huge-shell.txt`] },
      {
        custom_tool_call: {
          name: "apply_patch",
          input: `*** Begin Patch\n*** Add File: huge-patch.txt\n+${filler}\n*** End Patch`,
        },
      },
      { shell: ["bash", "-lc", "echo small > small.txt"] },
      { text: "done" },
    ]);
    // The fake server counts the arguments as output tokens: no compaction should interleave.
    const codexHome = home(fake.server.url, model, "model_auto_compact_token_limit = 1000000000");
    const r = await runCli(["exec", "--full-auto", "-C", dir, "write big files"], {
      home: codexHome,
      env: ENV,
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr.slice(0, 2000)).toBe(0);
    expect(r.stdout.length + r.stderr.length, "terminal output").toBeLessThan(64 * 1024);
    expect(existsSync(path.join(dir, "huge-shell.txt"))).toBe(false);
    expect(existsSync(path.join(dir, "huge-patch.txt"))).toBe(false);
    // A call under the limit in the same turn still runs.
    expect(readFileSync(path.join(dir, "small.txt"), "utf8")).toBe("small\n");

    const last = fake.server.requests(model).at(-1)?.body as { input: { type: string; output?: unknown }[] };
    const sent = JSON.stringify(last);
    expect(sent.length, "the history sent back").toBeLessThan(MB);
    const outputs = last.input
      .filter((i) => i.type === "function_call_output" || i.type === "custom_tool_call_output")
      .map((i) => String(i.output));
    const refusal =
      /^tool call not run: its arguments were 12\d{6} bytes, over the limit of 1048576 bytes\. Split the work/;
    expect(outputs[0]).toMatch(refusal);
    expect(outputs[1]).toMatch(refusal);

    const [file] = rolloutFiles(codexHome);
    expect(statSync(file ?? "").size, "the rollout").toBeLessThan(MB);
    expect(readFileSync(file ?? "", "utf8")).toContain("arguments_not_kept");
  });

  it("a 40 MB tool call is not read past 16 Mi characters: exit 1 with one error line; nothing run, the rollout small", async () => {
    const dir = repo();
    const model = modelName("huge-event");
    fake.server.setScript(model, [{ shell: ["bash", "-lc", `echo ${"B".repeat(40 * MB)} > huge.txt`] }]);
    const codexHome = home(fake.server.url, model);
    const r = await runCli(["exec", "-C", dir, "go"], { home: codexHome, env: ENV, timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^ERROR: the response from \S+ was refused: one event of the stream was longer than 16777216 characters; stopped reading it$/m,
    );
    expect(r.stdout.length + r.stderr.length).toBeLessThan(64 * 1024);
    expect(fake.server.requests(model)).toHaveLength(1); // not retried
    expect(existsSync(path.join(dir, "huge.txt"))).toBe(false);
    for (const file of rolloutFiles(codexHome)) expect(statSync(file).size).toBeLessThan(MB);
  });
});
