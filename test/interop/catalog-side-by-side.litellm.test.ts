// Side by side with the real upstream Codex 0.169, through the real LiteLLM proxy: upstream is
// started the way LiteLLM's `lite codex` starts it (the proxy's Codex catalog written to
// CODEX_HOME/litellm-models.json and passed as `-c model_catalog_json=…`, an inline `litellm`
// provider pointing at the proxy's /v1 over the Responses wire), ours with only the proxy in its
// config. For the same model and prompt, both requests are recorded at the fake model behind the
// proxy and compared: the instructions and where they go, parallel_tool_calls, the reasoning
// effort, the shell and apply_patch tool shapes (type, name, parameter names; for a freeform
// tool its grammar's kind), and the view_image and web_search specs, whole. fake-peer-catalog has a window and reasoning levels (LiteLLM gives it
// `unified_exec` and a freeform apply_patch); fake-peer-plain is upstream's generic entry
// (`unified_exec`, no apply_patch type).
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeRepo } from "../e2e/exec-scenario.js";
import { availableOrFailInCi } from "../support/ci.js";
import { runCli, tempHome } from "../support/cli.js";
import { proxyCatalogText, useLiteLLM } from "../support/litellm.js";
import { describeRun, runUpstream, upstreamPeer, UPSTREAM_VERSION } from "./upstream-peer.js";

const ll = useLiteLLM();
const peer = await upstreamPeer();
const runnable =
  availableOrFailInCi(ll.available, `the LiteLLM proxy (${ll.reason ?? ""})`) &&
  availableOrFailInCi(peer.available, `upstream codex ${UPSTREAM_VERSION} (${peer.reason})`);

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

const PROMPT = "Say ok.";
/** The shell tools of every shape either side may offer. */
const SHELL_TOOLS = new Set(["shell", "shell_command", "exec_command", "write_stdin", "local_shell"]);

interface Tool {
  type: string;
  name?: string;
  parameters?: { properties?: Record<string, unknown>; required?: string[] };
  format?: { type?: string; syntax?: string };
}
interface Body {
  instructions?: string;
  input: { type?: string; role?: string; content?: { text?: string }[] }[];
  parallel_tool_calls?: boolean;
  reasoning?: { effort?: string };
  tools: Tool[];
}

/** What a tool looks like to the model, without the wording of its descriptions. */
function shape(tool: Tool) {
  if (tool.type === "function")
    return {
      type: tool.type,
      name: tool.name,
      parameters: Object.keys(tool.parameters?.properties ?? {}).sort(),
      required: [...(tool.parameters?.required ?? [])].sort(),
    };
  if (tool.type === "custom")
    return { type: tool.type, name: tool.name, format: { type: tool.format?.type, syntax: tool.format?.syntax } };
  return { type: tool.type, name: tool.name };
}

/** The parts of a request both must agree on. */
function compared(body: Body) {
  return {
    instructions: body.instructions ?? "",
    firstInput: { role: body.input[0]?.role, text: body.input[0]?.content?.[0]?.text },
    parallelToolCalls: body.parallel_tool_calls,
    reasoningEffort: body.reasoning?.effort,
    shellTools: body.tools
      .filter((t) => SHELL_TOOLS.has(t.name ?? t.type))
      .map(shape)
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    applyPatch: body.tools.filter((t) => t.name === "apply_patch").map(shape),
    // view_image and the hosted web_search tool, whole (descriptions included).
    viewImage: body.tools.filter((t) => t.name === "view_image"),
    webSearch: body.tools.filter((t) => t.type === "web_search"),
  };
}

/** The one request the fake received for `model` while `run` ran. */
async function recorded(model: string, run: () => Promise<{ code: number | null; stdout: string; stderr: string }>) {
  await ll.fake.setScript(model, [{ text: "ok" }]);
  const before = (await ll.fake.requests(model)).length;
  const r = await run();
  const bodies = (await ll.fake.requests(model)).slice(before).map((q) => q.body as Body);
  expect(r.code, describeRun(model, r)).toBe(0);
  expect(bodies, describeRun(model, r)).toHaveLength(1);
  return bodies[0] as Body;
}

/** Upstream as `lite codex` starts it: the proxy's catalog as model_catalog_json, an inline provider. */
async function upstreamRequest(model: string, repo: string): Promise<Body> {
  const codexHome = tempHome();
  cleanup.push(codexHome);
  const catalogFile = path.join(codexHome, "litellm-models.json");
  writeFileSync(catalogFile, await proxyCatalogText(ll));
  const provider = "model_providers.litellm";
  const overrides = [
    `model_catalog_json=${JSON.stringify(catalogFile)}`,
    `model_provider="litellm"`,
    `${provider}.name="LiteLLM proxy"`,
    `${provider}.base_url=${JSON.stringify(ll.openaiBaseUrl)}`,
    `${provider}.wire_api="responses"`,
    `${provider}.supports_websockets=false`,
    `${provider}.requires_openai_auth=false`,
    `${provider}.env_key="OPENAI_API_KEY"`,
    `${provider}.http_headers={}`,
  ].flatMap((o) => ["-c", o]);
  return recorded(model, () =>
    runUpstream(["exec", "--skip-git-repo-check", "-C", repo, "-m", model, ...overrides, PROMPT], {
      codexHome,
      cwd: repo,
      env: { OPENAI_API_KEY: ll.masterKey },
      timeoutMs: 90_000,
    }),
  );
}

async function ourRequest(model: string, repo: string): Promise<Body> {
  const home = tempHome(
    `model = "${model}"\nmodel_provider = "litellm"\n[model_providers.litellm]\nbase_url = "${ll.openaiBaseUrl}"\nenv_key = "LITELLM_API_KEY"\n`,
  );
  cleanup.push(home);
  return recorded(model, () =>
    runCli(["exec", "-C", repo, PROMPT], { home, env: { LITELLM_API_KEY: ll.masterKey }, timeoutMs: 90_000 }),
  );
}

describe.skipIf(!runnable)("side by side with upstream Codex started as `lite codex` starts it", () => {
  it.each(["fake-peer-catalog", "fake-peer-plain"])(
    "%s: the same instructions in the same place, parallel_tool_calls, effort and tool shapes",
    async (model) => {
      const repo = makeRepo();
      cleanup.push(path.dirname(repo));
      const upstream = compared(await upstreamRequest(model, repo));
      const ours = compared(await ourRequest(model, repo));
      // Upstream: the catalog's base_instructions as the first developer message, `instructions` empty.
      expect(upstream.instructions).toBe("");
      expect(upstream.firstInput.role).toBe("developer");
      expect(upstream.firstInput.text).toMatch(/^You are a coding agent running in the Codex CLI/);
      expect(ours.instructions).toBe(upstream.instructions);
      expect(ours.firstInput).toEqual(upstream.firstInput);
      expect(ours.parallelToolCalls).toBe(upstream.parallelToolCalls);
      expect(ours.reasoningEffort).toBe(upstream.reasoningEffort);
      expect(ours.shellTools).toEqual(upstream.shellTools);
      expect(ours.applyPatch).toEqual(upstream.applyPatch);
      expect(upstream.viewImage).toHaveLength(1);
      expect(ours.viewImage).toEqual(upstream.viewImage);
      expect(upstream.webSearch).toHaveLength(1);
      expect(ours.webSearch).toEqual(upstream.webSearch);
    },
    180_000,
  );
});
