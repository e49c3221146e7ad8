// Interop: an item's `metadata` (0.171 records `metadata.model_search_state` on response items)
// is read from a rollout, kept in the file on resume and sent on the wire as real upstream 0.171
// sends it for the same file: not at all. Both tools resume a copy of one fixture (a user message
// and a function call carrying metadata); the two requests are compared.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROLLOUT_FIXTURES } from "../fixtures/rollout-fixtures.js";
import { runCli } from "../support/cli.js";
import { describeRun, requireOrSkip, upstreamExecResume } from "./upstream-peer.js";
import { useInteropServer } from "./interop-server.js";
import { textOf, type Item } from "./rollout-items.js";

const peer = await requireOrSkip("item-metadata");
const interop = useInteropServer(peer, "sk-interop-item-metadata");
const { env } = interop;

const ID = "019c0000-0000-7000-8000-00000000de7a";

function install(codexHome: string): string {
  const dir = path.join(codexHome, "sessions", "2026", "11", "21");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `rollout-2026-11-21T10-00-00-${ID}.jsonl`);
  copyFileSync(path.join(ROLLOUT_FIXTURES, "images-detail.jsonl"), file);
  return file;
}

const lastInput = (model: string) => (interop.server.requests(model).at(-1)?.body as { input: Item[] }).input;
const withMetadata = (input: Item[]) => input.filter((item) => "metadata" in item);

describe.skipIf(!peer.available)("item metadata (model_search_state) on resume", () => {
  it(
    "neither tool sends the recorded metadata to the model; ours keeps it in the file",
    { timeout: 120_000 },
    async () => {
      const model = `interop-meta-${process.pid}`;
      const up = interop.home(model, "interop-meta-up-");
      const ours = interop.home(model, "interop-meta-ours-");
      install(up.codexHome);
      const ourFile = install(ours.codexHome);
      const original = readFileSync(ourFile, "utf8");
      interop.server.setScript(model, [{ text: "upstream answer" }, { text: "our answer" }]);

      const u = await upstreamExecResume(ID, "and the colour?", {
        codexHome: up.codexHome,
        cwd: up.repo,
        env,
        timeoutMs: 60_000,
      });
      expect(u.code, describeRun("upstream exec resume", u)).toBe(0);
      const upInput = lastInput(model);

      const o = await runCli(["exec", "resume", ID, "-C", ours.repo, "and the colour?"], {
        home: ours.codexHome,
        env,
        timeoutMs: 60_000,
      });
      expect(o.code, describeRun("codex-litellm exec resume", o)).toBe(0);
      const ourInput = lastInput(model);

      // Both sent the items that carry metadata in the file ...
      for (const input of [upInput, ourInput]) {
        expect(input.some((i) => textOf(i).includes("What is in this picture?"))).toBe(true);
        expect(input.some((i) => i.type === "function_call" && i.call_id === "call_view")).toBe(true);
      }
      // ... without it.
      expect(withMetadata(upInput)).toEqual([]);
      expect(withMetadata(ourInput)).toEqual([]);
      const after = readFileSync(ourFile, "utf8");
      expect(after.startsWith(original)).toBe(true);
      expect(after).toContain('"metadata":{"model_search_state":"opaque-state-1"}');
    },
  );
});
