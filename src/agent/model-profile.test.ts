// The tool decisions a catalog entry makes: the apply_patch tool's shape (or none) and the
// tool-output limit, and what a model without an entry keeps.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type ResolvedConfig } from "../config/load.js";
import { catalogEntry, parseCatalog } from "../gateway/model-catalog.js";
import { catalogSettings, offeredTools, resolveModelProfile } from "./model-profile.js";

let home: string;
let config: ResolvedConfig;
beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), "codex-litellm-profile-"));
  config = await loadConfig({ env: { CODEX_HOME: home }, flags: { cwd: home, model: "m" } });
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const catalog = parseCatalog(
  {
    models: [
      { slug: "plain", shell_type: "unified_exec", apply_patch_tool_type: null },
      { slug: "freeform", shell_type: "shell_command", apply_patch_tool_type: "freeform" },
      { slug: "limited", truncation_policy: { mode: "bytes", limit: 2_000 } },
    ],
  },
  "proxy",
);
const profileOf = (model: string) => resolveModelProfile(config, catalogEntry(catalog, model), null);
const TOOLS = ["shell", "shell_command", "exec_command", "write_stdin", "apply_patch"].map((name) => ({ name }));
const offered = (model: string, cfg = config) =>
  offeredTools(TOOLS, resolveModelProfile(cfg, catalogEntry(catalog, model), null)).map((t) => t.name);
const withFeatures = (features: Record<string, unknown>): ResolvedConfig => ({ ...config, features });

describe("the apply_patch tool a catalog entry names", () => {
  it("an entry with no apply_patch type: no apply_patch tool (upstream's rule), shown as such", () => {
    expect(profileOf("plain").applyPatchToolType).toEqual({ value: "none", source: "catalog" });
    expect(offered("plain")).toEqual(["exec_command", "write_stdin"]);
    expect(catalogSettings(profileOf("plain"))).toContainEqual(["apply_patch", "none (patches through the shell)"]);
  });

  it("an entry naming a shape keeps the tool in that shape", () => {
    expect(profileOf("freeform").applyPatchToolType).toEqual({ value: "freeform", source: "catalog" });
    expect(offered("freeform")).toEqual(["exec_command", "write_stdin", "apply_patch"]);
  });

  it("no entry (no catalog, or a model it does not list): upstream 0.171's exec_command/write_stdin, no apply_patch", () => {
    for (const profile of [resolveModelProfile(config, null, null), profileOf("unlisted")]) {
      expect(profile.applyPatchToolType).toEqual({ value: "none", source: "baseline" });
      expect(offeredTools(TOOLS, profile).map((t) => t.name)).toEqual(["exec_command", "write_stdin"]);
    }
  });
});

describe("the shell tools", () => {
  it("unified exec whatever the entry's shell_type, as upstream 0.171", () => {
    expect(offered("freeform")).toContain("exec_command");
    expect(profileOf("freeform").shellType).toEqual({ value: "unified_exec", source: "baseline" });
  });

  it("features.unified_exec = false: the entry's shell_type, else the shell tool", () => {
    const old = withFeatures({ unified_exec: false });
    expect(offered("freeform", old)).toEqual(["shell_command", "apply_patch"]);
    expect(offered("unlisted", old)).toEqual(["shell"]);
  });

  it("features.shell_tool = false: no shell tool, and the prompt asks for none", () => {
    const none = withFeatures({ shell_tool: false });
    expect(offered("plain", none)).toEqual([]);
    const prompt = resolveModelProfile(none, null, null).instructions.value;
    expect(prompt).not.toMatch(/exec_command|`shell`|apply_patch/);
  });

  it("the prompt of a model without catalog instructions names the tools offered", () => {
    const plain = resolveModelProfile(config, null, null).instructions.value;
    expect(plain).toContain("`exec_command`");
    expect(plain).toContain("apply_patch <<'EOF'");
    expect(plain).not.toMatch(/`shell`|`update_plan`|the `apply_patch` tool/);
    const old = resolveModelProfile({ ...withFeatures({ unified_exec: false }), updatePlan: true }, null, null);
    expect(old.instructions.value).toContain("`shell` tool");
    expect(old.instructions.value).toContain("`update_plan` tool");
  });
});

describe("the tool-output limit", () => {
  it("comes from the entry's truncation_policy, else stays ours", () => {
    expect(profileOf("limited").truncation).toEqual({ value: { mode: "bytes", limit: 2_000 }, source: "catalog" });
    expect(catalogSettings(profileOf("limited"))).toContainEqual(["tool output limit", "2,000 bytes"]);
    expect(profileOf("plain").truncation).toEqual({ value: null, source: "baseline" });
  });
});
