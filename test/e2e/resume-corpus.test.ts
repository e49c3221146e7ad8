// Resuming rollouts of every format this build reads (test/fixtures/rollouts/: the 2025 legacy
// format, a fork with two session_meta lines, a compaction with replacement_history, items of
// types we do not model, a session killed between calls and outputs, upstream 0.169's own file),
// through the built CLI against the scripted fake model: what the next request carries, and what
// the file holds afterwards.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { installRollout as install } from "../fixtures/rollout-fixtures.js";
import { runCli } from "../support/cli.js";
import { callPairingProblems, responsesRequestProblems } from "../schemas/responses-input.js";
import { ENV, home, modelName, otherThanModelWarning, repo, useFakeServer } from "../faults/support.js";

const fake = useFakeServer();
type Json = Record<string, unknown>;
type Item = Json & { type: string; role?: string; content?: { text?: string }[]; call_id?: string; output?: unknown };

/** A model of its own and a CODEX_HOME holding the corpus rollout `fixture` as session `id`, recorded on `day`. */
function corpusHome(prefix: string, fixture: string, id: string, day: string) {
  const model = modelName(prefix);
  const codexHome = home(fake.server.url, model);
  return { model, codexHome, file: install(codexHome, fixture, id, day) };
}

/** Resumes `id` with one scripted answer; returns the run and the body of the request it sent. */
async function resume(codexHome: string, model: string, id: string, prompt: string, extra: string[] = []) {
  fake.server.setScript(model, [{ text: `answer to ${prompt}` }]);
  const before = fake.server.requests(model).length;
  const run = await runCli(["exec", "resume", id, "--skip-git-repo-check", "-C", repo(), ...extra, prompt], {
    home: codexHome,
    env: ENV,
  });
  const request = fake.server.requests(model)[before];
  return { run, body: request?.body as (Json & { input: Item[]; messages?: Json[] }) | undefined };
}

const texts = (input: Item[]) =>
  input.filter((i) => i.type === "message").map((i) => (i.content ?? []).map((c) => c.text ?? "").join(""));
const types = (input: Item[]) => input.map((i) => i.type);

describe("resuming rollouts of every format", () => {
  it("the 2025 legacy format: listed, resumed with its history, and continued in its own format", async () => {
    const id = "0f3b3a52-5a3e-4c55-9c63-1c2a7d3e0001";
    const { model, codexHome, file } = corpusHome("legacy", "legacy.jsonl", id, "2025/08/20");
    const original = readFileSync(file, "utf8");

    // Listed (resume --last --all finds it) and resumed without warnings.
    const { run, body } = await resume(codexHome, model, "--last", "What changed?", ["--all"]);
    expect(otherThanModelWarning(run.stderr)).not.toMatch(/warning|corrupt|does not start with session metadata/);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("answer to What changed?\n");
    expect(responsesRequestProblems(body)).toEqual([]);
    const input = body!.input;
    expect(texts(input)).toEqual(
      expect.arrayContaining([
        "List the files in the legacy project",
        "There are two entries: README.md and src.",
        "And what is in src?",
        "src holds main.rs.",
      ]),
    );
    expect(texts(input).at(-1)).toBe("What changed?");
    // The old {content, success} output shape is read; the local shell call goes as a shell function call.
    expect(input).toContainEqual({
      type: "function_call_output",
      call_id: "call_legacy_1",
      output: "README.md\nsrc\n",
    });
    expect(input).toContainEqual({
      type: "function_call",
      name: "shell",
      arguments: JSON.stringify({ command: ["ls", "src"], timeout_ms: 10000 }),
      call_id: "call_legacy_2",
    });
    // Reasoning of an unknown backend: its encrypted content stays home, its summary goes as a note.
    expect(JSON.stringify(input)).not.toContain("gAAAA-legacy-openai-blob");
    expect(texts(input)).toContain("(Reasoning summary: I should run ls.)");

    // The file: the old lines untouched, the new turn appended as bare items and a state line.
    const after = readFileSync(file, "utf8");
    expect(after.startsWith(original)).toBe(true);
    const appended = after
      .slice(original.length)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Json);
    expect(appended[0]).toEqual({ record_type: "state" });
    expect(
      appended
        .slice(1)
        .every((l) => typeof l.type === "string" && l.payload === undefined && l.timestamp === undefined),
    ).toBe(true);
    expect(texts(appended.slice(1) as Item[])).toEqual(
      expect.arrayContaining(["What changed?", "answer to What changed?"]),
    );

    // Resumed again: our own appended turn is part of the history.
    const again = await resume(codexHome, model, id, "And now?");
    expect(again.run.code).toBe(0);
    expect(texts(again.body!.input)).toEqual(
      expect.arrayContaining([
        "List the files in the legacy project",
        "What changed?",
        "answer to What changed?",
        "And now?",
      ]),
    );
  });

  it("a fork (two session_meta lines): the fork's own id, its parent's turns and its own", async () => {
    const id = "019a4b00-0000-7000-8000-00000000f0f0";
    const { model, codexHome } = corpusHome("fork", "fork.jsonl", id, "2025/11/02");
    const { run, body } = await resume(codexHome, model, id, "and 4+4?", ["--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.split("\n")[0] as string)).toEqual({ type: "thread.started", thread_id: id });
    expect(responsesRequestProblems(body)).toEqual([]);
    expect(texts(body!.input).filter((t) => !t.startsWith("<"))).toEqual([
      "Parent question: what is 2+2?",
      "Parent answer: 4.",
      "Fork question: and 3+3?",
      "Fork answer: 6.",
      "and 4+4?",
    ]);
  });

  it("after a compaction: the compacted history is sent and measured, not the one before it", async () => {
    // The fixture's last count says 30,500 tokens; the compacted history is far smaller than 4,000.
    const model = "some-model";
    const codexHome = home(fake.server.url, model, "model_context_window = 4000");
    const id = "019ad000-0000-7000-8000-0000000c0c0c";
    install(codexHome, "compacted.jsonl", id, "2025/12/01");
    const { run, body } = await resume(codexHome, model, id, "continue");
    expect(run.stderr).not.toMatch(/holds about/);
    expect(run.code).toBe(0);
    expect(responsesRequestProblems(body)).toEqual([]);
    const input = body!.input;
    expect(texts(input)).toEqual(["Write a long essay about compilers", "continue"]);
    // The remote-compaction items go back to the provider and model that wrote them, with their ids
    // (as upstream 0.171 sends them).
    expect(input.filter((i) => String(i.type).endsWith("compaction"))).toEqual([
      { type: "compaction", id: "cmp_remote0001", encrypted_content: "gAAAA-remote-compaction-blob" },
      { type: "context_compaction", id: "ctxc_remote0002", encrypted_content: "gAAAA-context-compaction-blob" },
    ]);
    expect(JSON.stringify(input)).not.toContain("An essay that filled the context");
  });

  it("item types we do not model are kept in the file byte for byte; a web search goes back as upstream sends it, the others never; another backend's reasoning goes as its summary only", async () => {
    const id = "019ae000-0000-7000-8000-0000000e1e1e";
    const { model, codexHome, file } = corpusHome("items", "item-types.jsonl", id, "2025/12/05");
    const original = readFileSync(file, "utf8");
    const { run, body } = await resume(codexHome, model, id, "and tomorrow?");
    expect(run.code).toBe(0);
    expect(responsesRequestProblems(body)).toEqual([]);
    const input = body!.input;
    expect(types(input).filter((t) => t !== "message")).toEqual(["web_search_call"]);
    expect(input).toContainEqual({
      type: "web_search_call",
      status: "completed",
      action: { type: "search", query: "weather Paris" },
    });
    const sent = JSON.stringify(input);
    for (const absent of [
      "gAAAA-gpt51-reasoning",
      "gAAAA-openai-compaction",
      "ghost_commit",
      "subagent finished",
      "future_item_kind",
    ])
      expect(sent).not.toContain(absent);
    expect(texts(input)).toEqual(
      expect.arrayContaining([
        "What's the weather in Paris? Search the web.",
        "(Reasoning summary from gpt-5.1: Searching for Paris weather.)",
        "It is 18°C and sunny in Paris.",
        "and tomorrow?",
      ]),
    );
    expect(readFileSync(file, "utf8").startsWith(original)).toBe(true);
  });

  it("images keep their detail, in user messages and in tool outputs", async () => {
    const id = "019c0000-0000-7000-8000-00000000de7a";
    const { model, codexHome } = corpusHome("images", "images-detail.jsonl", id, "2026/11/21");
    const { run, body } = await resume(codexHome, model, id, "and the colour?");
    expect(run.code, run.stderr).toBe(0);
    expect(responsesRequestProblems(body)).toEqual([]);
    const sent = JSON.stringify(body!.input);
    expect(sent).toContain('"image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"');
    expect(sent).toContain('"image_url":"data:image/png;base64,iVBORw0KGgoAAA=","detail":"original"');
  });

  it("the same items on the chat wire: no reasoning, no items it cannot take, every tool call answered", async () => {
    const model = modelName("items-chat");
    const codexHome = home(fake.server.url, model, "", 'wire_api = "chat"');
    install(codexHome, "item-types.jsonl", "019ae000-0000-7000-8000-0000000e1e1e", "2025/12/05");
    install(codexHome, "dangling.jsonl", "019b0000-0000-7000-8000-0000000dada0", "2026/01/10");
    const items = await resume(codexHome, model, "019ae000-0000-7000-8000-0000000e1e1e", "and tomorrow?");
    expect(items.run.code).toBe(0);
    const messages = items.body!.messages as { role: string; content: unknown }[];
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(JSON.stringify(messages)).not.toMatch(
      /gAAAA|weather Paris|ghost_commit|subagent finished|future_item_kind|Reasoning summary/,
    );

    const dangling = await resume(codexHome, model, "019b0000-0000-7000-8000-0000000dada0", "what happened?");
    expect(dangling.run.code).toBe(0);
    const chat = dangling.body!.messages as {
      role: string;
      tool_calls?: { id: string }[];
      tool_call_id?: string;
      content: unknown;
    }[];
    // Each assistant message with tool calls is followed by one tool message per call.
    chat.forEach((m, i) => {
      if (!m.tool_calls) return;
      const answers = chat.slice(i + 1, i + 1 + m.tool_calls.length);
      expect(answers.map((a) => a.tool_call_id).sort()).toEqual(m.tool_calls.map((c) => c.id).sort());
    });
    expect(chat.filter((m) => m.role === "tool" && m.content === "aborted").map((m) => m.tool_call_id)).toEqual([
      "call_killed",
      "call_patch_killed",
      "call_local_killed",
    ]);
  });

  it("killed between calls and outputs: every call goes with an output, 'aborted' for those that had none; one warning line for the cut-off line", async () => {
    const id = "019b0000-0000-7000-8000-0000000dada0";
    const { model, codexHome } = corpusHome("dangling", "dangling.jsonl", id, "2026/01/10");
    const { run, body } = await resume(codexHome, model, id, "what happened?");
    expect(run.code).toBe(0);
    expect(
      otherThanModelWarning(run.stderr)
        .split("\n")
        .filter((l) => l.startsWith("warning:")),
    ).toEqual([expect.stringMatching(/^warning: rollout-.*\.jsonl: line 10: skipped truncated last line/)]);
    expect(responsesRequestProblems(body)).toEqual([]);
    const calls = body!.input.filter((i) => i.type !== "message");
    expect(calls).toEqual([
      { type: "function_call", name: "shell", arguments: '{"command":["echo","one"]}', call_id: "call_done" },
      { type: "function_call_output", call_id: "call_done", output: "one\n" },
      { type: "function_call", name: "shell", arguments: '{"command":["sleep","100"]}', call_id: "call_killed" },
      { type: "function_call_output", call_id: "call_killed", output: "aborted" },
      {
        type: "custom_tool_call",
        name: "apply_patch",
        input: "*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch\n",
        call_id: "call_patch_killed",
        // As recorded: upstream 0.171 sends an item's status back.
        status: "completed",
      },
      { type: "custom_tool_call_output", call_id: "call_patch_killed", output: "aborted" },
      { type: "function_call", name: "shell", arguments: '{"command":["ls"]}', call_id: "call_local_killed" },
      { type: "function_call_output", call_id: "call_local_killed", output: "aborted" },
    ]);
  });

  it("upstream 0.169's own file (numbered lines, item_completed events): history sent, numbering continued", async () => {
    const id = "01a2125d-3ef2-7213-a5dd-0a482ce2bc6c";
    const { model, codexHome, file } = corpusHome("u169", "upstream-0.169.jsonl", id, "2026/11/25");
    const { run, body } = await resume(codexHome, model, id, "third turn");
    expect(run.code).toBe(0);
    // Resumed on another model than it ran on: upstream's one warning, nothing else.
    expect(run.stderr.match(/^warning: .*$/gm)).toEqual([
      expect.stringContaining("but is resuming with `" + model + "`. Consider switching back"),
    ]);
    expect(responsesRequestProblems(body)).toEqual([]);
    expect(texts(body!.input)).toEqual(
      expect.arrayContaining([
        "Create out.txt containing hi",
        "Created out.txt with hi.",
        "Now append again",
        "Appended again.",
        "third turn",
      ]),
    );
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Json);
    expect(lines.map((l) => l.ordinal)).toEqual(lines.map((_, i) => i));
    expect(callPairingProblems(body!.input)).toEqual([]);
  });
});
