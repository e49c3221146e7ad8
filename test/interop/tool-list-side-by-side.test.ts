// The tools offered side by side with the real upstream Codex 0.171: the same config.toml (and,
// for the catalog case, the same model_catalog_json entry) for both, the same prompt, both first
// requests recorded at the fake model server. The `tools` arrays are compared tool by tool, in
// order, and every tool both offer must have the same spec (descriptions and parameter schemas;
// the order of keys and of `required` aside).
//
// What may differ is listed below, each with why; when a tool is built (or a difference settled),
// its line goes and the test holds it to upstream from then on.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "../e2e/exec-scenario.js";
import { runCli } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";
import { describeRun, requireOrSkip, runUpstream, sharedConfigToml } from "./upstream-peer.js";
import { cleanup, useFakeServer } from "../faults/support.js";

const peer = await requireOrSkip("tool-list-side-by-side.test.ts");

/** Upstream's tools not built yet (issue 34); named as `toolName` names them. None today. */
const NOT_YET_BUILT = new Set<string>([]);

/** Where ours differs from upstream by design: nothing today (a difference gets a line here, with why). */
const OURS_ONLY: Record<string, string[]> = {};
const UPSTREAM_ONLY: Record<string, string[]> = {};
/** Tools whose wording is ours on purpose: only their shape is compared. */
const SHAPE_ONLY = new Set([
  "apply_patch", // the freeform tool's description and Lark grammar are written in our own words
]);

/** An upstream catalog entry with the fields 0.171 requires (it refuses an entry without them). */
const CATALOG_ENTRY = {
  display_name: "Side by side",
  description: "A model both sides know from the catalog.",
  default_reasoning_level: "medium",
  supported_reasoning_levels: [{ effort: "medium", description: "Medium" }],
  shell_type: "unified_exec",
  visibility: "list",
  supported_in_api: true,
  priority: 1,
  base_instructions: "Catalog prompt.",
  context_window: 200_000,
  truncation_policy: { mode: "tokens", limit: 10_000 },
  supports_parallel_tool_calls: true,
  apply_patch_tool_type: "freeform",
  experimental_supported_tools: [],
  support_verbosity: false,
};

/** A stdio MCP server (the test server, named `docs`) both sides start from config.toml. */
const MCP_SERVER = path.resolve(import.meta.dirname, "../mcp/fixtures/stdio-server.mjs");
const mcpServerToml = (name: string, ...args: string[]) =>
  `[mcp_servers.${name}]\ncommand = ${JSON.stringify(process.execPath)}\nargs = ${JSON.stringify([MCP_SERVER, ...args])}\n`;

/** `catalog`: the model has CATALOG_ENTRY (with these fields over it), or no entry (false). */
const CASES: { name: string; toml: string; catalog: boolean | Json }[] = [
  { name: "no catalog entry", toml: "", catalog: false },
  {
    name: "no catalog entry, features on",
    toml: "[features]\ngoals = true\ndefault_mode_request_user_input = true\nmulti_agent = true\n",
    catalog: false,
  },
  { name: "a catalog entry", toml: "", catalog: true },
  { name: "no catalog entry, update_plan on", toml: "[tools.update_plan]\nenabled = true\n", catalog: false },
  { name: "no catalog entry, no shell tool", toml: "[features]\nshell_tool = false\n", catalog: false },
  { name: "a catalog entry naming shell_command", toml: "", catalog: { shell_type: "shell_command" } },
  { name: "a catalog entry with tool_search", toml: "", catalog: { supports_search_tool: true } },
  {
    name: "two MCP servers",
    toml: mcpServerToml("docs") + mcpServerToml("alpha", "--instructions", "Alpha server instructions."),
    catalog: false,
  },
  {
    name: "an MCP server, features on",
    toml: "[features]\ngoals = true\nmulti_agent = true\n" + mcpServerToml("docs"),
    catalog: true,
  },
];

type Json = Record<string, unknown>;
interface ToolSpec extends Json {
  type: string;
  name?: string;
}

/** A tool as the model sees its name: a function or custom tool by name, a namespace by its name, a hosted tool by type. */
const toolName = (tool: ToolSpec) => tool.name ?? tool.type;

/** spawn_agent's list of model overrides names each side's own catalog: the rest of its description is compared. */
const withoutModelOverrides = (text: string) => text.slice(text.indexOf("Spawn a sub-agent"));

/** The spec with every `required` list sorted (JSON Schema does not order it). */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (
    value !== null &&
    typeof value === "object" &&
    "description" in value &&
    "name" in value &&
    value.name === "spawn_agent"
  ) {
    const { description, ...rest } = value as Json;
    return { ...(normalized(rest) as Json), description: withoutModelOverrides(String(description)) };
  }
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === "required" && Array.isArray(v) ? [...(v as string[])].sort() : normalized(v),
    ]),
  );
}

const shape = (tool: ToolSpec) => {
  const format = tool.format as Json | undefined;
  return { type: tool.type, name: tool.name, format: format && { type: format.type, syntax: format.syntax } };
};

const fake = useFakeServer({ apiKey: "sk-tool-list" });

/** A home outside /tmp (upstream refuses to set itself up under a temporary folder) for `model`. */
function homeFor(model: string, toml: string, catalog: boolean | Json): string {
  const home = scratchDir("tool-list-");
  cleanup.push(home);
  const catalogLine = catalog ? `model_catalog_json = ${JSON.stringify(path.join(home, "catalog.json"))}\n` : "";
  writeFileSync(
    path.join(home, "config.toml"),
    catalogLine + sharedConfigToml({ model, baseUrl: fake.server.url }) + toml,
  );
  if (catalog)
    writeFileSync(
      path.join(home, "catalog.json"),
      JSON.stringify({ models: [{ slug: model, ...CATALOG_ENTRY, ...(catalog === true ? {} : catalog) }] }),
    );
  return home;
}

async function offered(
  model: string,
  toml: string,
  catalog: boolean | Json,
  who: "upstream" | "ours",
): Promise<ToolSpec[]> {
  fake.server.setScript(model, [{ text: "ok" }]);
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  const home = homeFor(model, toml, catalog);
  const env = { LITELLM_API_KEY: "sk-tool-list" };
  const args = ["exec", "--skip-git-repo-check", "-C", repo, "Say ok."];
  const r =
    who === "upstream"
      ? await runUpstream(args, { codexHome: home, cwd: repo, env, timeoutMs: 90_000 })
      : await runCli(args, { home, env, timeoutMs: 90_000 });
  expect(r.code, describeRun(who, r)).toBe(0);
  const body = fake.server.requests(model).find((q) => q.wire === "responses")?.body as
    { tools?: ToolSpec[] } | undefined;
  return body?.tools ?? [];
}

describe.skipIf(!peer.available)("the tools offered, side by side with upstream Codex", () => {
  it.each(CASES.map((c, i) => [c.name, c, i] as const))(
    "%s: the same tools in the same order, with the same specs",
    async (_name, { name, toml, catalog }, i) => {
      const up = await offered(`tools-up-${i}`, toml, catalog, "upstream");
      const ours = await offered(`tools-ours-${i}`, toml, catalog, "ours");
      const upShown = up.filter(
        (t) => !NOT_YET_BUILT.has(toolName(t)) && !(UPSTREAM_ONLY[name] ?? []).includes(toolName(t)),
      );
      const oursShown = ours.filter((t) => !(OURS_ONLY[name] ?? []).includes(toolName(t)));
      expect(oursShown.map(toolName)).toEqual(upShown.map(toolName));
      // The listed differences are real: a line that no longer applies must go.
      expect(up.map(toolName)).toEqual(expect.arrayContaining(UPSTREAM_ONLY[name] ?? []));
      expect(ours.map(toolName)).toEqual(expect.arrayContaining(OURS_ONLY[name] ?? []));
      for (const [j, upTool] of upShown.entries()) {
        const ourTool = oursShown[j] as ToolSpec;
        if (SHAPE_ONLY.has(toolName(upTool))) expect(shape(ourTool)).toEqual(shape(upTool));
        else expect(normalized(ourTool), toolName(upTool)).toEqual(normalized(upTool));
      }
    },
    240_000,
  );
});
