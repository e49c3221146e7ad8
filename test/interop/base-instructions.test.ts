// Base instructions across a resume, both ways, with real upstream Codex: as upstream does, a
// session's base prompt travels in `session_meta.base_instructions` (not in the history) and is
// sent again, as the first developer message, by whichever tool resumes it.
// - upstream's session resumed by us on a catalog model: we send upstream's recorded prompt
//   (not the catalog's, and not nothing), where upstream sends it;
// - our session on a catalog model resumed by upstream: upstream sends our prompt once, as the
//   same first message, id included.
// The catalog is given to ours only (`-c model_catalog_json=…`); upstream runs without one.
// INTEROP_KEEP=1 keeps the temp folders for inspection.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import {
  describeRun,
  jsonLines,
  requireOrSkip,
  rolloutFiles,
  upstreamMustSucceed,
  upstreamExecResume,
} from "./upstream-peer.js";
import { useInteropServer } from "./interop-server.js";

const peer = await requireOrSkip("base-instructions");

const CATALOG_PROMPT = "Catalog prompt for the interop model.";
const interop = useInteropServer(peer, "sk-interop-base-instructions");
const { env } = interop;

type Item = { type: string; id?: string; role?: string; content?: { type: string; text?: string }[] };
type Body = { instructions?: string; input: Item[] };
const textOf = (i: Item) => (i.content ?? []).map((c) => c.text ?? "").join("");
const developerTexts = (body: Body) =>
  body.input.filter((i) => i.type === "message" && i.role === "developer").map(textOf);

/** A model named after `prefix`, a CODEX_HOME shared by both tools, and the catalog only ours is pointed at. */
function setUp(prefix: string) {
  const model = `${prefix}-${process.pid}`;
  const { base, codexHome, repo } = interop.home(model, "interop-bi-");
  const catalog = path.join(base, "catalog.json");
  const entry = { slug: model, context_window: 100_000, base_instructions: CATALOG_PROMPT };
  writeFileSync(catalog, JSON.stringify({ models: [entry] }));
  return { model, codexHome, repo, catalogFlag: ["-c", `model_catalog_json=${JSON.stringify(catalog)}`] };
}

const sessionMeta = (codexHome: string) => {
  const [file] = rolloutFiles(codexHome);
  const first = readFileSync(file as string, "utf8").split("\n")[0] as string;
  return (JSON.parse(first) as { payload: { id: string; base_instructions?: { text: string } } }).payload;
};

describe.skipIf(!peer.available)("base instructions on resume, with upstream", () => {
  it(
    "upstream's session resumed by ours on a catalog model: upstream's recorded prompt, first, as upstream sends it",
    { timeout: 180_000 },
    async () => {
      const { model, codexHome, repo, catalogFlag } = setUp("interop-bi-u2o");
      interop.server.setScript(model, [
        { text: "upstream answer" },
        { text: "ours answer" },
        { text: "upstream again" },
      ]);
      await upstreamMustSucceed("upstream exec", ["exec", "--json", "--skip-git-repo-check", "first"], {
        codexHome,
        cwd: repo,
        env,
      });
      const meta = sessionMeta(codexHome);
      const recorded = meta.base_instructions?.text ?? "";
      expect(recorded.length).toBeGreaterThan(100);

      const ours = await runCli(["exec", "resume", meta.id, ...catalogFlag, "-C", repo, "second"], {
        home: codexHome,
        env,
        timeoutMs: 60_000,
      });
      expect(ours.code, describeRun("ours", ours)).toBe(0);
      // Upstream resumes the same file: what it sends is what ours must send.
      const again = await upstreamExecResume(meta.id, "third", { codexHome, cwd: repo, env, timeoutMs: 90_000 });
      expect(again.code, describeRun("upstream exec resume", again)).toBe(0);
      const [, oursBody, upstreamBody] = interop.server.requests(model).map((r) => r.body as Body);
      expect(oursBody?.instructions ?? "").toBe(upstreamBody?.instructions ?? "");
      // Upstream sends the recorded prompt less its sections on `update_plan` (a tool its exec does
      // not offer); ours offers that tool and sends the prompt whole.
      const upstreamFirst = developerTexts(upstreamBody as Body)[0] ?? "";
      expect(upstreamFirst.slice(0, 2000)).toBe(recorded.slice(0, 2000));
      const recordedLines = new Set(recorded.split("\n"));
      expect(upstreamFirst.split("\n").filter((l) => !recordedLines.has(l))).toEqual([]);
      expect(developerTexts(oursBody as Body)[0]).toBe(recorded);
      expect(developerTexts(oursBody as Body).filter((t) => t === recorded)).toHaveLength(1);
      expect(developerTexts(oursBody as Body)).not.toContain(CATALOG_PROMPT);
    },
  );

  it(
    "our session on a catalog model resumed by upstream: our prompt is in session_meta and sent once",
    { timeout: 180_000 },
    async () => {
      const { model, codexHome, repo, catalogFlag } = setUp("interop-bi-o2u");
      interop.server.setScript(model, [{ text: "ours answer" }, { text: "upstream answer" }]);
      const ours = await runCli(["exec", "--skip-git-repo-check", ...catalogFlag, "-C", repo, "first"], {
        home: codexHome,
        env,
        timeoutMs: 60_000,
      });
      expect(ours.code, describeRun("ours", ours)).toBe(0);
      const meta = sessionMeta(codexHome);
      expect(meta.base_instructions?.text).toBe(CATALOG_PROMPT);
      // The prompt is not part of the recorded history.
      const [file] = rolloutFiles(codexHome);
      expect(
        readFileSync(file as string, "utf8")
          .split("\n")
          .slice(1)
          .join("\n"),
      ).not.toContain(CATALOG_PROMPT);
      expect(developerTexts(interop.server.requests(model)[0]?.body as Body)[0]).toBe(CATALOG_PROMPT);

      const up = await upstreamExecResume(meta.id, "second", { codexHome, cwd: repo, env, timeoutMs: 90_000 });
      expect(up.code, describeRun("upstream exec resume", up)).toBe(0);
      expect(jsonLines(up.stdout).find((e) => e.type === "thread.started")?.thread_id).toBe(meta.id);
      const [oursBody, upstreamBody] = interop.server.requests(model).map((r) => r.body as Body);
      const all = [upstreamBody?.instructions ?? "", ...developerTexts(upstreamBody as Body)].join("\n");
      expect(all.split(CATALOG_PROMPT)).toHaveLength(2);
      // Both send it as the first item with the same id (upstream's UUID v5 for this session and text).
      const first = (body: Body | undefined) => body?.input[0];
      expect(first(oursBody)).toMatchObject({ role: "developer", id: expect.stringMatching(/^msg_[0-9a-f-]{36}$/) });
      expect(first(upstreamBody)).toEqual(first(oursBody));
    },
  );
});
