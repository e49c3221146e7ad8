// Class 9: `exec resume` on a damaged or unfamiliar rollout continues from what is valid, says
// which lines it skipped, and only ever appends: the original bytes stay a prefix of the file.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import {
  ENV,
  home,
  modelName,
  noStackTrace,
  otherThanModelWarning,
  repo,
  rolloutFiles,
  useFakeServer,
} from "./support.js";

const fake = useFakeServer();

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/rollout/__fixtures__");

type Body = { input: { type: string; role?: string; content?: { text: string }[]; output?: unknown }[] };
const texts = (body: unknown) =>
  (body as Body).input.filter((i) => i.type === "message").map((i) => i.content?.[0]?.text ?? "");

/** The file grew only at its end, and what was appended is whole JSON lines. Returns them. */
function appendedOnly(file: string, before: Buffer): Record<string, unknown>[] {
  const after = readFileSync(file);
  expect(after.length).toBeGreaterThan(before.length);
  expect(after.subarray(0, before.length).equals(before), "the original bytes are a prefix of the new file").toBe(true);
  const added = after.subarray(before.length).toString("utf8");
  expect(added.endsWith("\n")).toBe(true);
  // A cut-off last line is closed with a newline first, so new records start on their own line.
  const lines = added
    .split("\n")
    .filter((l, i) => !(i === 0 && l === ""))
    .slice(0, -1);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

const line = (type: string, payload: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ timestamp: "2030-01-01T00:00:00.000Z", type, payload, ...extra });

describe("9. damaged rollouts", () => {
  it("corrupt, truncated and unknown lines: resume works from the rest, warns once for the bad lines, only appends", async () => {
    const model = modelName("corrupt");
    fake.server.setScript(model, [
      { shell: ["bash", "-lc", "echo first-output"] },
      { text: "first answer" },
      { text: "second answer" },
    ]);
    const codexHome = home(fake.server.url, model);
    const dir = repo();
    expect(
      (await runCli(["exec", "--full-auto", "-C", dir, "first question"], { home: codexHome, env: ENV })).code,
    ).toBe(0);
    const file = rolloutFiles(codexHome)[0] as string;
    const good = readFileSync(file, "utf8").split("\n").length - 1;
    const damage = [
      "{not json at all",
      "[1, 2, 3]",
      '{"no": "type"}',
      line("response_item", { type: "message" }), // a known type with an unusable payload
      line("future_record", { anything: true }), // record type from a newer version
      line("event_msg", { type: "future_event", detail: 1 }),
      line("response_item", { type: "future_item", data: "x" }),
      line(
        "response_item",
        {
          type: "message",
          role: "user",
          content: [{ type: "input_text", text: "kept: a message with extra fields" }],
          added_later: { x: 1 },
        },
        { ordinal_v2: 9 },
      ),
      "", // an empty line
      '{"timestamp":"2030-01-01T00:00:00.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"cut o', // crash mid-write
    ];
    writeFileSync(file, damage.join("\n"), { flag: "a" });
    const before = readFileSync(file);

    const r = await runCli(["exec", "resume", "--last", "-C", dir, "second question"], { home: codexHome, env: ENV });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("second answer\n");
    noStackTrace(r.stderr);
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning: "));
    const name = path.basename(file);
    // One line for all of them: how many, which, and what was wrong with the first.
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^warning: ${name}: skipped 5 damaged lines \\(${[1, 2, 3, 4, 10].map((k) => good + k).join(", ")}\\); the first: line ${good + 1}: skipped corrupt line \\(invalid JSON`,
        ),
      ),
    ]);
    // The model got the valid history: both questions, the first answer, the command's output,
    // and the message with extra fields.
    const body = fake.server.requests(model).at(-1)?.body as Body;
    expect(texts(body)).toEqual(
      expect.arrayContaining([
        "first question",
        "first answer",
        "kept: a message with extra fields",
        "second question",
      ]),
    );
    expect(texts(body).some((t) => t.includes("cut o"))).toBe(false);
    expect(
      body.input.some((i) => i.type === "function_call_output" && JSON.stringify(i.output).includes("first-output")),
    ).toBe(true);
    const added = appendedOnly(file, before);
    expect(added.map((rec) => rec.type)).toContain("turn_context");
    expect(
      added.some((rec) => rec.type === "event_msg" && (rec.payload as { type: string }).type === "agent_message"),
    ).toBe(true);

    // And again: the same lines are skipped, nothing is repaired in place.
    const again = readFileSync(file);
    fake.server.setScript(model, [{ text: "third answer" }]);
    const third = await runCli(["exec", "resume", "--last", "-C", dir, "third question"], {
      home: codexHome,
      env: ENV,
    });
    expect(third.code).toBe(0);
    expect(third.stderr.split("\n").filter((l) => l.startsWith("warning: "))).toHaveLength(1);
    appendedOnly(file, again);
  });

  it("a rollout from a newer upstream Codex (extra fields, unknown record and event types, numbered lines) resumes and keeps its numbering", async () => {
    const model = modelName("newer");
    fake.server.setScript(model, [{ text: "continued the upstream session" }]);
    const codexHome = home(fake.server.url, model);
    const id = "01a2125d-3ef2-7213-a5dd-0a482ce2bc6c";
    const dayDir = path.join(codexHome, "sessions", "2026", "11", "25");
    mkdirSync(dayDir, { recursive: true });
    const file = path.join(dayDir, `rollout-2026-11-25T11-00-30-${id}.jsonl`);
    copyFileSync(path.join(FIXTURES, "rollout-one-shell.jsonl"), file);
    // "Version 0.2xx": every record grows fields, and new record / event / item types appear.
    const source = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    let ordinal = 0;
    const future: Record<string, unknown>[] = [];
    for (const rec of source) {
      future.push({
        ...rec,
        ordinal: ordinal++,
        schema_version: 7,
        payload:
          typeof rec.payload === "object"
            ? { ...(rec.payload as object), future_field: { nested: [1, 2] } }
            : rec.payload,
      });
      if (rec.type === "turn_context") {
        future.push({
          timestamp: rec.timestamp,
          ordinal: ordinal++,
          type: "thread_goal",
          payload: { goal: "ship it" },
        });
        future.push({
          timestamp: rec.timestamp,
          ordinal: ordinal++,
          type: "event_msg",
          payload: { type: "plan_mode_entered", at: 1 },
        });
        future.push({
          timestamp: rec.timestamp,
          ordinal: ordinal++,
          type: "response_item",
          payload: { type: "ghost_snapshot", ghost_commit: { id: "abc" } },
        });
      }
    }
    writeFileSync(file, `${future.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const before = readFileSync(file);

    const r = await runCli(["exec", "resume", id, "-C", repo(), "and now?"], { home: codexHome, env: ENV });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("continued the upstream session\n");
    expect(otherThanModelWarning(r.stderr)).not.toMatch(/^warning:/m); // nothing was corrupt: unknown types are skipped quietly
    noStackTrace(r.stderr);
    const body = fake.server.requests(model).at(-1)?.body as Body;
    expect(texts(body)).toEqual(
      expect.arrayContaining(["Create out.txt containing hi", "Created out.txt with hi.", "and now?"]),
    );
    const added = appendedOnly(file, before);
    // Upstream refuses a paginated file that mixes numbered and unnumbered lines: ours continue the count.
    expect(added.map((rec) => rec.ordinal)).toEqual(added.map((_, i) => ordinal + i));
  });

  it("a rollout whose first line (session_meta) is destroyed: one clear line, exit 1, file untouched", async () => {
    const model = modelName("nometa");
    fake.server.setScript(model, [{ text: "first" }, { text: "never" }]);
    const codexHome = home(fake.server.url, model);
    const dir = repo();
    expect((await runCli(["exec", "-C", dir, "q"], { home: codexHome, env: ENV })).code).toBe(0);
    const file = rolloutFiles(codexHome)[0] as string;
    const id = path.basename(file).slice(-42, -6);
    const lines = readFileSync(file, "utf8").split("\n");
    writeFileSync(file, [`${(lines[0] as string).slice(0, 40)}`, ...lines.slice(1)].join("\n"));
    const before = readFileSync(file);
    const r = await runCli(["exec", "resume", id, "-C", dir, "q2"], { home: codexHome, env: ENV });
    expect(r.code).toBe(1);
    noStackTrace(r.stderr);
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("codex-litellm: "));
    expect(errors).toEqual([
      `codex-litellm: cannot resume: session file ${file} does not start with session metadata (its first line is missing or damaged)`,
    ]);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(fake.server.requests(model).filter((q) => q.wire === "responses")).toHaveLength(1);
  });
});
