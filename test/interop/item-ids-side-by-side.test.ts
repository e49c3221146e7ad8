// Items' `id` and `status`, side by side with real upstream Codex 0.171: each tool runs the same
// live session (a prompt, a command, an answer; then a second turn through `exec resume`), and
// the requests each sends carry the same ids: the server's items with the server's id and
// `status`, the tool's own items (prompts, command outputs) with ids it made — `msg_`/`fco_` and a
// UUID v7 — that stay the same from one request to the next and across the resume (they are in
// the rollout). Upstream resuming our session then sends our items with our ids.
// INTEROP_KEEP=1 keeps the temp folders (and the requests) for inspection.
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { useInteropServer } from "./interop-server.js";
import { textOf, type Item } from "./rollout-items.js";
import { describeRun, jsonLines, requireOrSkip, runUpstream, upstreamExecResume } from "./upstream-peer.js";

const peer = await requireOrSkip("item-ids-side-by-side");
const interop = useInteropServer(peer, "sk-interop-item-ids");
const { env } = interop;

type Json = Record<string, unknown>;
const CONTEXTUAL = /^(<environment_context>|<user_instructions>|# AGENTS\.md instructions|<permissions)/;
const UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
const SCRIPT: FakeStep[] = [{ shell: ["bash", "-lc", "echo from-the-command"] }, { text: "first answer" }];

/** The conversation of a request: without what each tool adds of its own (developer and contextual messages). */
const conversation = (input: Item[]) =>
  input.filter((i) => !(i.type === "message" && (i.role === "developer" || CONTEXTUAL.test(textOf(i))))) as Json[];

/** What an item's id and status look like: the server's (the fake server names them `<prefix>_fake…`) or one a tool made. */
function idForm(item: Json): Json {
  const id = typeof item.id === "string" ? item.id : null;
  const form =
    id === null
      ? "none"
      : /^[a-z]+_fake[0-9a-z]+$/.test(id)
        ? `${id.split("_")[0]}_<the server's>`
        : new RegExp(`^[a-z]+_${UUID_V7}$`).test(id)
          ? `${id.split("_")[0]}_<uuid v7>`
          : id;
  return { type: item.type, ...(item.role !== undefined && { role: item.role }), id: form, status: item.status };
}

/** Upstream's `exec resume <id> <prompt>` in `home`, which must succeed. */
async function upstreamResumes(id: string, prompt: string, home: { codexHome: string; repo: string }) {
  const run = await upstreamExecResume(id, prompt, {
    codexHome: home.codexHome,
    cwd: home.repo,
    env,
    timeoutMs: 90_000,
  });
  expect(run.code, describeRun(`upstream exec resume … ${prompt}`, run)).toBe(0);
}

const inputs = (model: string) =>
  interop.server.requests(model).map((r) => conversation((r.body as { input: Item[] }).input));

describe.skipIf(!peer.available)("items' ids, side by side with upstream 0.171", () => {
  it(
    "a live session and its second turn send the same ids; upstream resuming ours sends our ids",
    { timeout: 240_000 },
    async () => {
      // Upstream: a turn with a command, then a second turn.
      const up = interop.modelHome("interop-ids-up");
      interop.server.setScript(up.model, [...SCRIPT, { text: "second answer" }]);
      const first = await runUpstream(
        ["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "first prompt"],
        { codexHome: up.codexHome, cwd: up.repo, env, timeoutMs: 90_000 },
      );
      expect(first.code, describeRun("upstream exec", first)).toBe(0);
      const upId = jsonLines(first.stdout).find((e) => e.type === "thread.started")?.thread_id as string;
      await upstreamResumes(upId, "second prompt", up);

      // Ours: the same.
      const ours = interop.modelHome("interop-ids-ours");
      interop.server.setScript(ours.model, [...SCRIPT, { text: "second answer" }, { text: "upstream goes on" }]);
      const flags = ["--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox"];
      const run = await runCli(["exec", ...flags, "-C", ours.repo, "first prompt"], {
        home: ours.codexHome,
        env,
        timeoutMs: 90_000,
      });
      expect(run.code, describeRun("codex-litellm exec", run)).toBe(0);
      const oursId = jsonLines(run.stdout).find((e) => e.type === "thread.started")?.thread_id as string;
      const resumed = await runCli(["exec", "resume", oursId, "-C", ours.repo, "second prompt"], {
        home: ours.codexHome,
        env,
        timeoutMs: 90_000,
      });
      expect(resumed.code, describeRun("codex-litellm exec resume", resumed)).toBe(0);

      const upstreamSent = inputs(up.model);
      const oursSent = inputs(ours.model);
      expect(upstreamSent).toHaveLength(3);
      expect(oursSent).toHaveLength(3);
      // The live turn's second request (after the command), and the second turn's request.
      expect(upstreamSent[1]?.map(idForm)).toEqual([
        { type: "message", role: "user", id: "msg_<uuid v7>", status: undefined },
        { type: "function_call", id: "fc_<the server's>", status: "completed" },
        { type: "function_call_output", id: "fco_<uuid v7>", status: undefined },
      ]);
      expect(oursSent[1]?.map(idForm)).toEqual(upstreamSent[1]?.map(idForm));
      expect(oursSent[2]?.map(idForm)).toEqual(upstreamSent[2]?.map(idForm));
      for (const sent of [upstreamSent, oursSent]) {
        // Each item keeps its id from one request to the next, and across the resume.
        expect(sent[2]?.slice(0, 3).map((i) => i.id)).toEqual(sent[1]?.map((i) => i.id));
        expect(sent[2]?.at(-2)).toMatchObject({ type: "message", role: "assistant", status: "completed" });
        expect(sent[2]?.at(-1)?.id).not.toBe(sent[1]?.[0]?.id);
      }

      // Upstream resumes our session: it sends our items with the ids we recorded (and sent).
      await upstreamResumes(oursId, "third prompt", ours);
      const upstreamOnOurs = inputs(ours.model)[3];
      const ids = (items: Json[] | undefined) => items?.map((i) => [i.type, i.id, i.status]);
      const ourLast = oursSent[2] ?? [];
      expect(ids(upstreamOnOurs?.slice(0, ourLast.length))).toEqual(ids(ourLast));
      // Then our second answer, as the server sent it, and upstream's new prompt.
      expect(upstreamOnOurs?.slice(ourLast.length).map(idForm)).toEqual([
        { type: "message", role: "assistant", id: "msg_<the server's>", status: "completed" },
        { type: "message", role: "user", id: "msg_<uuid v7>", status: undefined },
      ]);
    },
  );
});
