import { describe, expect, it } from "vitest";
import { setOrigin } from "./item-origin.js";
import { PreservedItem, userMessage, type ResponseItem } from "./items.js";
import { modelInput, type Backend } from "./model-input.js";

const responses: Backend = { wire: "responses", provider: "litellm", model: "m1" };
const chat: Backend = { ...responses, wire: "chat" };

function from(provider: string | null, model: string | null, item: ResponseItem): ResponseItem {
  setOrigin(item, { provider, model });
  return item;
}

const reasoning = (): ResponseItem => ({
  type: "reasoning",
  summary: [{ type: "summary_text", text: "thinking it over" }],
  encrypted_content: "gAAAA-secret",
});

describe("modelInput", () => {
  it("sends reasoning as-is only to the provider and model that produced it", () => {
    const own = from("litellm", "m1", reasoning());
    expect(modelInput([own], responses)).toEqual([own]);
    for (const [provider, model] of [
      ["litellm", "m2"],
      ["openai", "m1"],
      [null, null],
    ] as const) {
      const sent = modelInput([from(provider, model, reasoning())], responses);
      expect(JSON.stringify(sent)).not.toContain("gAAAA-secret");
      expect(sent).toEqual([
        {
          type: "message",
          role: "assistant",
          content: [
            { type: "output_text", text: `(Reasoning summary${model ? ` from ${model}` : ""}: thinking it over)` },
          ],
        },
      ]);
    }
    // Nothing to keep without a summary; no reasoning at all on the chat wire.
    expect(
      modelInput([from("openai", "x", { type: "reasoning", summary: [], encrypted_content: "gAAAA" })], responses),
    ).toEqual([]);
    expect(modelInput([own], chat)).toEqual([]);
  });

  it("sends a compaction item only on the Responses wire to the backend that made it; never other preserved items", () => {
    const compaction = () => new PreservedItem({ type: "compaction_summary", encrypted_content: "gAAAA-summary" });
    expect(modelInput([from("litellm", "m1", compaction())], responses)).toEqual([
      new PreservedItem({ type: "compaction", encrypted_content: "gAAAA-summary" }),
    ]);
    expect(modelInput([from("openai", "gpt-5", compaction())], responses)).toEqual([]);
    expect(modelInput([from("litellm", "m1", compaction())], chat)).toEqual([]);
    const withId = new PreservedItem({ type: "compaction", id: "cmp_1", encrypted_content: "gAAAA-c" });
    expect(modelInput([withId], responses)).toEqual([withId]);
    const context = new PreservedItem({ type: "context_compaction", id: "ctxc_1", encrypted_content: "gAAAA-x" });
    expect(modelInput([context], responses)).toEqual([context]);
    expect(modelInput([context], chat)).toEqual([]);
    const kept = ["ghost_snapshot", "agent_message", "something_new"].map((type) =>
      from("litellm", "m1", new PreservedItem({ type })),
    );
    expect(modelInput(kept, responses)).toEqual([]);
  });

  it("sends a web search back on the Responses wire as upstream does (id, status and action)", () => {
    const search = new PreservedItem({
      type: "web_search_call",
      id: "ws_1",
      status: "completed",
      action: { type: "search", query: "weather" },
    });
    expect(modelInput([search], responses)).toEqual([
      new PreservedItem({
        type: "web_search_call",
        id: "ws_1",
        status: "completed",
        action: { type: "search", query: "weather" },
      }),
    ]);
    expect(modelInput([search], chat)).toEqual([]);
  });

  it("pairs every call with an output and turns local shell calls into shell function calls", () => {
    const go = userMessage("go");
    const history: ResponseItem[] = [
      go,
      {
        type: "local_shell_call",
        call_id: "c1",
        status: "completed",
        action: { type: "exec", command: ["ls", "-la"], working_directory: "/w" },
      },
      { type: "function_call_output", call_id: "gone", output: "orphan" },
      { type: "custom_tool_call", call_id: "c2", name: "apply_patch", input: "*** Begin Patch" },
    ];
    expect(modelInput(history, responses)).toEqual([
      go,
      {
        type: "function_call",
        name: "shell",
        arguments: JSON.stringify({ command: ["ls", "-la"], workdir: "/w" }),
        call_id: "c1",
      },
      { type: "function_call_output", call_id: "c1", output: "aborted" },
      { type: "custom_tool_call", call_id: "c2", name: "apply_patch", input: "*** Begin Patch" },
      { type: "custom_tool_call_output", call_id: "c2", output: "aborted" },
    ]);
  });
});
