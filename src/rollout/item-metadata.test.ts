// Upstream 0.171 records `metadata.model_search_state` on response items. It round-trips: read
// from a rollout, kept in the resumed history, written again where that history is recorded (a
// compaction's replacement_history), and never sent to a model, as upstream sends none (checked
// against real 0.171 in test/interop/item-metadata.test.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inputItem } from "../gateway/responses-wire.js";
import { ROLLOUT_FIXTURES } from "../../test/fixtures/rollout-fixtures.js";
import { tempRecorder, useTempDir } from "./__fixtures__/helpers.js";
import { loadRolloutForResume } from "./resume-history.js";
import { normalizeResponseItem } from "./response-item-normalize.js";

const tmp = useTempDir();
const FIXTURE = join(ROLLOUT_FIXTURES, "images-detail.jsonl");
const STATE = { model_search_state: "opaque-state-1" };

describe("item metadata (model_search_state)", () => {
  it("is read from a rollout and kept in the resumed history", async () => {
    const { history } = await loadRolloutForResume(FIXTURE);
    const user = history.find((item) => item.type === "message" && item.role === "user");
    expect(user).toMatchObject({ type: "message", role: "user", metadata: STATE });
  });

  it("is written again where the history is recorded, and never sent on the wire", async () => {
    const { history } = await loadRolloutForResume(FIXTURE);
    const recorder = await tempRecorder(tmp.path);
    recorder.recordCompacted({ message: "summary", replacement_history: history });
    await recorder.close();
    const compacted = readFileSync(recorder.path, "utf8")
      .split("\n")
      .filter((line) => line.includes('"compacted"'))
      .map((line) => JSON.parse(line) as { payload: { replacement_history: Record<string, unknown>[] } })[0];
    const written = compacted?.payload.replacement_history.find((item) => item.role === "user");
    expect(written?.metadata).toEqual(STATE);

    for (const item of history) expect(inputItem(item)).not.toHaveProperty("metadata");
    // Also on an item the model returned with metadata, and on an item of a type we do not model.
    const received = normalizeResponseItem({
      type: "function_call",
      name: "exec_command",
      arguments: "{}",
      call_id: "c1",
      metadata: { model_search_state: { query: "cat" } },
    });
    expect(received).toMatchObject({ metadata: { model_search_state: { query: "cat" } } });
    expect(inputItem(received!)).toEqual({
      type: "function_call",
      name: "exec_command",
      arguments: "{}",
      call_id: "c1",
    });
    const preserved = normalizeResponseItem({ type: "future_item", value: 1, metadata: STATE });
    expect(inputItem(preserved!)).toEqual({ type: "future_item", value: 1 });
  });
});
