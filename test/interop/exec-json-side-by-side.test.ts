// `exec --json` side by side with real upstream Codex on the same script (one fake model server):
// the same thread events in the same order, for a turn that runs a command and answers, and for
// a turn the model server fails (upstream prints a top-level `error` before `turn.failed`), and
// the same exit status.
// INTEROP_KEEP=1 keeps the temp folders for inspection.
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { describeRun, jsonLines, requireOrSkip, runUpstream } from "./upstream-peer.js";
import { useInteropServer } from "./interop-server.js";

const peer = await requireOrSkip("exec-json-side-by-side");

const interop = useInteropServer(peer, "sk-interop-exec-json");
const { env } = interop;

type Json = Record<string, unknown>;

/** Upstream's warning for a model its catalog lacks; ours takes such a model's numbers from the proxy. */
const isMetadataWarning = (e: Json) => String((e.item as Json | undefined)?.message).startsWith("Model metadata for");

/** Each event as `type[/item type/status]`, the shape both tools must share. */
const shape = (stdout: string) =>
  jsonLines(stdout)
    .filter((e) => !isMetadataWarning(e))
    .map((e) => {
      const item = e.item as Json | undefined;
      return [e.type, item?.type, item?.status].filter((p) => p !== undefined).join("/");
    });

let runs = 0;
/** Runs `tool` on a fresh CODEX_HOME whose model answers with `steps`. */
async function runOn(tool: "ours" | "upstream", steps: FakeStep[]) {
  const model = `interop-json-${process.pid}-${++runs}`;
  const { codexHome, repo } = interop.home(model, "interop-json-");
  interop.server.setScript(model, steps);
  const args = ["exec", "--json", "--skip-git-repo-check", "-s", "workspace-write", "go"];
  const r =
    tool === "ours"
      ? await runCli([...args, "-C", repo], { home: codexHome, env, timeoutMs: 60_000 })
      : await runUpstream(args, { codexHome, cwd: repo, env, timeoutMs: 90_000 });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, events: jsonLines(r.stdout) };
}

describe.skipIf(!peer.available)("exec --json, ours and upstream on the same script", () => {
  it("a command then an answer: the same events", { timeout: 180_000 }, async () => {
    const steps: FakeStep[] = [{ shell: ["bash", "-lc", "echo side-by-side"] }, { text: "all done" }];
    const up = await runOn("upstream", steps);
    const ours = await runOn("ours", steps);
    expect(up.code, describeRun("upstream", up)).toBe(0);
    expect(ours.code, describeRun("ours", ours)).toBe(0);
    expect(shape(ours.stdout)).toEqual(shape(up.stdout));
  });

  it(
    "a failed request: a top-level error, then turn.failed with the same message; the same exit status",
    { timeout: 180_000 },
    async () => {
      const steps: FakeStep[] = [{ fault: { status: 400, error: { message: "side-by-side failure" } } }];
      const up = await runOn("upstream", steps);
      const ours = await runOn("ours", steps);
      expect(ours.code, describeRun("ours", ours)).toBe(up.code);
      expect(shape(ours.stdout)).toEqual(shape(up.stdout));
      for (const run of [up, ours]) {
        const [error, failed] = run.events.slice(-2) as [Json, Json & { error: Json }];
        expect(error.type).toBe("error");
        expect(String(error.message)).toContain("side-by-side failure");
        expect(failed.error.message).toBe(error.message);
      }
    },
  );
});
