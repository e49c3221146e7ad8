// Class 10: the disk fills up or refuses writes. Telemetry is best effort: one warning, the
// session goes on, and the logs keep only whole lines. The rollout is not: when it cannot be
// written the session stops with one line, and the file keeps only whole records.
//
// "Disk full" is a file size limit (`ulimit -f`, which root cannot bypass either): writes past
// it fail with EFBIG after writing what fits, exactly like ENOSPC. A read-only logs dir is a
// read-only bind mount in a private mount namespace (skipped where that is not allowed).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { baseEnv, CLI, runCli, runProcess, type CliResult } from "../support/cli.js";
import {
  cleanup,
  ENV,
  errorLine,
  events,
  home,
  jsonlLines,
  modelName,
  noStackTrace,
  repo,
  responseItems,
  rollout,
  rolloutFiles,
  telemetryFiles,
  usageLog,
  useFakeServer,
} from "./support.js";
import { availableOrFailInCi } from "../support/ci.js";

const fake = useFakeServer();

const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;

/** Runs the CLI through `bash -c "<prefix>; exec node cli …"` (a ulimit, a mount namespace…). */
function runWrapped(
  wrapper: string[],
  prefix: string,
  args: string[],
  codexHome: string,
  cwd: string,
): Promise<CliResult> {
  const script = `${prefix}; exec ${[process.execPath, CLI, ...args].map(quote).join(" ")}`;
  return runProcess([...wrapper, "bash", "-c", script], {
    cwd,
    env: { ...baseEnv(codexHome), ...ENV },
    timeoutMs: 20_000,
  });
}

/** With a per-file size limit of `kib` KiB for the CLI and everything it writes. */
const withFileLimit = (kib: number, args: string[], codexHome: string, cwd: string) =>
  runWrapped([], `ulimit -f ${kib}`, args, codexHome, cwd);

function setup(prefix: string, steps: FakeStep[]) {
  const model = modelName(prefix);
  fake.server.setScript(model, steps);
  return { model, codexHome: home(fake.server.url, model), dir: repo() };
}

const usageLine = (i: number) =>
  JSON.stringify({
    ts: "2030-01-01T00:00:00.000Z",
    session_id: "older",
    model: "m",
    prompt_tokens: i,
    completion_tokens: 1,
    total_tokens: i + 1,
    turn: 1,
  });

describe("10. telemetry on a full disk", () => {
  it("the usage log fills up mid-line: one warning, the turn completes, the log keeps only whole lines", async () => {
    const { codexHome, dir } = setup("disk-usage", [
      { shell: ["bash", "-lc", "echo hi"] },
      { text: "answered anyway" },
    ]);
    // An existing usage log just under the 64 KiB limit: the next line cannot fit whole.
    const logs = path.join(codexHome, "logs");
    mkdirSync(logs);
    const usageFile = path.join(logs, "codex-litellm-session.jsonl");
    let text = "";
    for (let i = 0; text.length < 64 * 1024 - 100; i++) text += `${usageLine(i)}\n`;
    while (text.length > 64 * 1024 - 40) text = text.slice(0, text.lastIndexOf("\n", text.length - 2) + 1);
    writeFileSync(usageFile, text);
    const r = await withFileLimit(64, ["exec", "--full-auto", "-C", dir, "hello"], codexHome, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("answered anyway\n");
    noStackTrace(r.stderr);
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("telemetry: cannot"));
    expect(warnings).toEqual([`telemetry: cannot write ${usageFile} (EFBIG); continuing without it`]);
    // The old lines are intact and nothing half-written follows them.
    expect(readFileSync(usageFile, "utf8")).toBe(text);
    telemetryFiles(logs);
    const records = rollout(codexHome);
    expect(events(records, "agent_message").map((e) => e.message)).toEqual(["answered anyway"]);
  });

  const canMountReadOnly = (() => {
    const probe = mkdtempSync(path.join(os.tmpdir(), "cl-ro-"));
    const r = spawnSync("unshare", [
      "-m",
      "sh",
      "-c",
      `mount --bind ${probe} ${probe} && mount -o remount,ro,bind ${probe} ${probe} && ! touch ${probe}/x 2>/dev/null`,
    ]);
    rmSync(probe, { recursive: true, force: true });
    return availableOrFailInCi(r.status === 0, "a read-only bind mount (unshare -m, as root)");
  })();

  it.skipIf(!canMountReadOnly)(
    "a read-only logs dir (even for root): one warning, the session goes on, nothing there changes",
    async () => {
      const { codexHome, dir } = setup("disk-ro", [{ shell: ["bash", "-lc", "echo hi"] }, { text: "answered anyway" }]);
      const logs = path.join(codexHome, "logs");
      mkdirSync(logs);
      writeFileSync(
        path.join(logs, "20200101-000000.log"),
        `${JSON.stringify({ ts: "2020-01-01T00:00:00.000Z", event: "old" })}\n`,
      );
      writeFileSync(path.join(logs, "codex-litellm-session.jsonl"), `${usageLine(1)}\n`);
      const before = telemetryFiles(logs);
      const mount = `mount --bind ${quote(logs)} ${quote(logs)} && mount -o remount,ro,bind ${quote(logs)} ${quote(logs)}`;
      // Tiny max_total_bytes: pruning would delete the old debug log if it could.
      const r = await runWrapped(
        ["unshare", "-m"],
        mount,
        ["exec", "--full-auto", "-c", "telemetry.max_total_bytes=1", "-C", dir, "hello"],
        codexHome,
        dir,
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("answered anyway\n");
      noStackTrace(r.stderr);
      const warnings = r.stderr
        .split("\n")
        .filter((l) => l.startsWith("telemetry: ") && !l.startsWith("telemetry: recording"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^telemetry: cannot write \S+ \(EROFS\); continuing without it$/);
      expect(telemetryFiles(logs)).toEqual(before);
      expect(events(rollout(codexHome), "agent_message").map((e) => e.message)).toEqual(["answered anyway"]);
    },
  );
});

describe("10. the rollout cannot be written", () => {
  it("its folder cannot be created (a file where sessions/ must go): one line, exit 1, nothing sent", async () => {
    const { model, codexHome, dir } = setup("disk-nodir", [{ text: "never" }]);
    // sessions/ itself a file: no day folder can be made under it, whatever the date.
    writeFileSync(path.join(codexHome, "sessions"), "not a folder");
    const r = await runCli(["exec", "-C", dir, "hello"], { home: codexHome, env: ENV });
    expect(r.code).toBe(1);
    noStackTrace(r.stderr);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^codex-litellm: cannot record the session: could not create session file \S+\.jsonl: E(EXIST|NOTDIR)\b.* \(--ephemeral runs without a session file\)$/,
    );
    expect(fake.server.requests(model)).toEqual([]);
    expect(existsSync(path.join(codexHome, "logs"))).toBe(false);
    // --ephemeral is the way out, and works.
    const ephemeral = await runCli(["exec", "--ephemeral", "-C", dir, "hello"], { home: codexHome, env: ENV });
    expect(ephemeral.code).toBe(0);
  });

  it("the disk fills up mid-turn: the session stops with one line; every record on disk is whole", async () => {
    // Each command prints 9,000 bytes (under the model's 10 KiB cut), so the rollout passes 32 KiB
    // within a few calls; the debug log stays far below it.
    const flood = { shell: ["bash", "-lc", "head -c 9000 /dev/zero | tr '\\0' x; echo"] };
    const { model, codexHome, dir } = setup("disk-full", [
      flood,
      flood,
      flood,
      flood,
      flood,
      flood,
      { text: "never reached" },
    ]);
    const r = await withFileLimit(32, ["exec", "--full-auto", "-C", dir, "hello"], codexHome, dir);
    expect(r.code).toBe(1);
    const file = rolloutFiles(codexHome)[0] as string;
    expect(errorLine(r.stderr)).toBe(
      `could not write session file ${file}: EFBIG: file too large, write; the session stopped (what was recorded can be resumed)`,
    );
    const sent = fake.server.requests(model).filter((q) => q.wire === "responses").length;
    expect(sent).toBeLessThan(7); // it stopped: the last step was never asked for
    expect(statSync(file).size).toBeLessThanOrEqual(32 * 1024);
    const records = rollout(codexHome); // whole lines only
    // No tool ran whose call is not on disk.
    const outputs = responseItems(records).filter((i) => i.type === "function_call_output");
    expect(outputs.length).toBeGreaterThan(0);
    const ran = r.stderr.split("\n").filter((l) => l.startsWith("head -c 9000 ")).length;
    expect(ran).toBeLessThanOrEqual(outputs.length + 1);
    telemetryFiles(path.join(codexHome, "logs"));
    // The stopped turn's usage is still accounted: the requests were served and charged.
    expect(usageLog(codexHome)).toMatchObject([{ status: "failed", kind: "turn" }]);
    // What is on disk resumes.
    fake.server.setScript(model, [{ text: "resumed after the disk was freed" }]);
    const resumed = await runCli(["exec", "resume", "--last", "-C", dir, "go on"], { home: codexHome, env: ENV });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).not.toMatch(/^warning:/m);
    expect(jsonlLines(file).length).toBeGreaterThan(records.length);
    void cleanup;
  });
});
