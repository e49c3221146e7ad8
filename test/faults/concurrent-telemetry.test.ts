// Class 11: several sessions at once in one CODEX_HOME, sharing the telemetry dir, with pruning
// on (max_total_bytes = 1: everything not in use goes). No half lines in the shared logs, and
// nobody deletes a log another live session is writing.
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import {
  ENV,
  home,
  jsonlLines,
  modelName,
  repo,
  rolloutFiles,
  startCli,
  telemetryFiles,
  useFakeServer,
  waitFor,
} from "./support.js";

const fake = useFakeServer();

const PRUNE_ALL = "[telemetry]\nmax_total_bytes = 1\n";

function oldLogs(logs: string): string[] {
  mkdirSync(logs, { recursive: true });
  const t = Date.now() / 1000 - 86_400;
  return ["20200101-000000.log", "20200102-000000.log", "codex-tui.log.1"].map((name, i) => {
    const file = path.join(logs, name);
    writeFileSync(file, `${JSON.stringify({ old: i })}\n`.repeat(100));
    utimesSync(file, t + i, t + i);
    return file;
  });
}

const debugLogOf = (stderr: string) => /^telemetry: recording debug events to (\S+)$/m.exec(stderr)?.[1];

describe("11. concurrent sessions sharing the telemetry dir", () => {
  it("a short session started during a long one prunes old logs but never the long one's active log", async () => {
    const model = modelName("long");
    const steps: FakeStep[] = [
      ...Array.from({ length: 6 }, () => ({ shell: ["bash", "-lc", "sleep 0.3; echo tick"] })),
      { text: "long done" },
    ];
    fake.server.setScript(model, steps);
    const codexHome = home(fake.server.url, model, PRUNE_ALL);
    const logs = path.join(codexHome, "logs");
    const old = oldLogs(logs);
    const dir = repo();
    const long = startCli(["exec", "--full-auto", "-C", dir, "long task"], { home: codexHome, env: ENV });
    const longLog = await waitFor("the long session's debug log", () => debugLogOf(long.stderr()));
    await waitFor("the long session's first command", () => long.stderr().includes("tick"));
    // Debug logs are named by the second they start in: the short sessions start in a later one.
    const started = Math.floor(Date.now() / 1000);
    await waitFor("the next second", () => Math.floor(Date.now() / 1000) > started, 5_000);
    for (const i of [1, 2]) {
      const short = modelName(`short${i}`);
      fake.server.setScript(short, [{ text: `short ${i}` }]);
      const r = await runCli(["exec", "-m", short, "-C", dir, `short ${i}`], { home: codexHome, env: ENV });
      expect(r.code).toBe(0);
      expect(debugLogOf(r.stderr)).not.toBe(longLog);
      // The long session is still running, and its log is still there.
      expect(long.child.exitCode).toBeNull();
      expect(existsSync(longLog)).toBe(true);
    }
    for (const f of old) expect(existsSync(f), `${f} was pruned`).toBe(false);
    const { code } = await long.done;
    expect(code).toBe(0);
    expect(long.stdout()).toBe("long done\n");
    // The long session's debug log is whole and complete: from its start to its end.
    const lines = jsonlLines(longLog);
    expect(lines[0]?.event).toBe("session.configured");
    expect(lines.filter((l) => l.event === "command.end")).toHaveLength(6);
    expect(lines.some((l) => l.event === "turn.completed")).toBe(true);
    // The shared usage log holds one whole line per session.
    const usage = jsonlLines(path.join(logs, "codex-litellm-session.jsonl"));
    expect(usage.map((l) => String(l.model).split("-")[0]).sort()).toEqual(["long", "short1", "short2"]);
    telemetryFiles(logs);
    expect(rolloutFiles(codexHome)).toHaveLength(3);
    // No marker of a finished session is left behind.
    expect(readdirSync(path.join(logs, ".active")).filter((name) => name !== "last-scan.json")).toEqual([]);
  });

  it("two sessions writing the same debug log and usage log at once: whole lines only, every event of both there", async () => {
    const calls = 25;
    const models = [modelName("pair-a"), modelName("pair-b")];
    const codexHome = home(
      fake.server.url,
      models[0] as string,
      `${PRUNE_ALL}[telemetry.logs.debug]\nfile = "shared.log"\n`,
    );
    const logs = path.join(codexHome, "logs");
    oldLogs(logs);
    for (const m of models)
      fake.server.setScript(m, [
        ...Array.from({ length: calls }, (_, i) => ({
          shell: ["bash", "-lc", `echo ${m}-${i}`],
          reasoning: `step ${i} of ${m} `.repeat(20),
        })),
        { text: `${m} done` },
      ]);
    const dir = repo();
    const runs = models.map((m) =>
      startCli(["exec", "--full-auto", "-m", m, "-C", dir, "go"], { home: codexHome, env: ENV }),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const shared = jsonlLines(path.join(logs, "shared.log"));
    const sessions = new Map<string, Record<string, unknown>[]>();
    for (const l of shared) {
      const id = String(l.session_id);
      sessions.set(id, [...(sessions.get(id) ?? []), l]);
    }
    expect([...sessions.keys()].filter((k) => k !== "null")).toHaveLength(2);
    for (const [id, lines] of sessions) {
      if (id === "null") continue;
      expect(lines.filter((l) => l.event === "command.end")).toHaveLength(calls);
      expect(lines.at(-1)?.event).toMatch(/^turn\.(completed|usage)$/);
    }
    const usage = jsonlLines(path.join(logs, "codex-litellm-session.jsonl"));
    expect(usage.map((l) => l.model).sort()).toEqual([...models].sort());
    // Pruning ran (the old logs are gone) but spared both live sessions' files.
    expect(readdirSync(logs).filter((f) => f.startsWith("2020") || f.endsWith(".csv"))).toEqual([]);
  });
});
