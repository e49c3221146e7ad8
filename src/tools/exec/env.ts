// `[shell_environment_policy]`: which environment variables a model-run command receives.
//
// Upstream (codex-rs/core/src/exec_env.rs, populate_env), in this order:
//   1. inherit: `all` = the whole environment, `none` = nothing, `core` = only HOME, LOGNAME,
//      PATH, SHELL, USER, USERNAME, TMPDIR, TEMP, TMP (exact names).
//   2. unless `ignore_default_excludes`: drop every variable whose NAME matches `*KEY*`,
//      `*SECRET*` or `*TOKEN*`, case-insensitively. We also drop `*PASSWORD*`, `*CREDENTIAL*`
//      and `*PRIVATE*` (DB_PASSWORD, GOOGLE_APPLICATION_CREDENTIALS, ...), which upstream lets
//      through.
//   3. drop names matching any `exclude` pattern.
//   4. insert every `set` entry (so `set` wins over the excludes, but not over `include_only`).
//   5. when `include_only` is non-empty, keep only names matching one of its patterns.
// Patterns are wildcard globs (`*` = any run, `?` = one character), matched against the whole
// name, case-insensitively.
//
// Default of `ignore_default_excludes`: upstream has flipped it over time (false in older
// releases, true in newer ones). We default to false — secrets are dropped unless the user opts
// out — which is the safer of the two.
import { SEQUENTIAL_PROCESS_IDS_ENV } from "../unified-exec/process-ids.js";

export interface ShellEnvironmentPolicy {
  inherit?: "all" | "core" | "none";
  ignore_default_excludes?: boolean;
  exclude?: string[];
  set?: Record<string, string>;
  include_only?: string[];
}

export const CORE_ENV_VARS: readonly string[] = [
  "HOME",
  "LOGNAME",
  "PATH",
  "SHELL",
  "USER",
  "USERNAME",
  "TMPDIR",
  "TEMP",
  "TMP",
];

export const DEFAULT_ENV_EXCLUDES: readonly string[] = [
  "*KEY*",
  "*SECRET*",
  "*TOKEN*",
  "*PASSWORD*",
  "*CREDENTIAL*",
  "*PRIVATE*",
];

/** The agent's own switches: never inherited by a command it runs. */
const AGENT_ONLY_ENV_VARS: ReadonlySet<string> = new Set([SEQUENTIAL_PROCESS_IDS_ENV]);

/** Compiles a `*`/`?` wildcard pattern into a whole-name, case-insensitive matcher. */
export function envPatternMatcher(pattern: string): (name: string) => boolean {
  let source = "";
  for (const ch of pattern) {
    if (ch === "*") source += "[\\s\\S]*";
    else if (ch === "?") source += "[\\s\\S]";
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  const re = new RegExp(`^${source}$`, "iu");
  return (name) => re.test(name);
}

function anyMatcher(patterns: readonly string[]): (name: string) => boolean {
  const matchers = patterns.map(envPatternMatcher);
  return (name) => matchers.some((m) => m(name));
}

/** Builds the environment for a model-run command from `policy` and the agent's own environment. */
export function buildCommandEnv(
  policy: ShellEnvironmentPolicy | undefined,
  processEnv: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const p = policy ?? {};
  const inherit = p.inherit ?? "all";
  let env: Record<string, string> = {};
  if (inherit !== "none") {
    const core = new Set(CORE_ENV_VARS);
    for (const [name, value] of Object.entries(processEnv)) {
      if (value === undefined || AGENT_ONLY_ENV_VARS.has(name)) continue;
      if (inherit === "core" && !core.has(name)) continue;
      env[name] = value;
    }
  }
  const filter = (drop: (name: string) => boolean) => {
    env = Object.fromEntries(Object.entries(env).filter(([name]) => !drop(name)));
  };
  if (!p.ignore_default_excludes) filter(anyMatcher(DEFAULT_ENV_EXCLUDES));
  if (p.exclude && p.exclude.length > 0) filter(anyMatcher(p.exclude));
  for (const [name, value] of Object.entries(p.set ?? {})) env[name] = value;
  if (p.include_only && p.include_only.length > 0) {
    const keep = anyMatcher(p.include_only);
    filter((name) => !keep(name));
  }
  return env;
}
