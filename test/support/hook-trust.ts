// Trusts every config.toml hook of a test's CODEX_HOME the way the UI's review does (upstream's
// `[hooks.state."<key>"] trusted_hash`), so a test of what a hook does starts from a trusted hook.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { hookStates, trustHooks } from "../../src/config/hook-trust.js";
import { resolveHooks, SESSION_FLAGS_CONFIG } from "../../src/config/hooks-config.js";
import { overridesToTable, parseOverride } from "../../src/config/overrides.js";
import type { ConfigToml } from "../../src/config/schema.js";

export async function trustAllHooks(codexHome: string): Promise<void> {
  const file = path.join(codexHome, "config.toml");
  const settings = parse(readFileSync(file, "utf8")) as Pick<ConfigToml, "hooks" | "features">;
  const { toReview } = resolveHooks(settings, file, {
    source: () => ({ path: file, fromFlags: false }),
    states: hookStates(settings.hooks),
    bypassTrust: false,
  });
  await trustHooks(file, toReview);
}

/** Trusts the hooks of `-c` flags as the UI's review does: upstream keys them by `/<session-flags>/config.toml`. */
export async function trustFlagHooks(codexHome: string, flags: readonly string[]): Promise<void> {
  const settings = overridesToTable(flags.map(parseOverride)) as Pick<ConfigToml, "hooks" | "features">;
  const { toReview } = resolveHooks(settings, "-c", {
    source: () => ({ path: SESSION_FLAGS_CONFIG, fromFlags: true }),
    states: new Map(),
    bypassTrust: false,
  });
  await trustHooks(path.join(codexHome, "config.toml"), toReview);
}
