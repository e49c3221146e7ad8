// Hidden modes of our own bundle (`node cli.cjs <arg>`, answered by cli/launcher.ts before the
// CLI loads): small helper processes the agent starts itself. Not for users; not in --help.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Writes approved patches inside the sandbox (apply-patch/sandbox-helper.ts); upstream: `--codex-run-as-apply-patch`. */
export const APPLY_PATCH_HELPER_ARG = "--codex-litellm-apply-patch-helper";
/** Kills the commands still running when the agent ends, however it ends (exec/reaper-main.ts). */
export const REAPER_ARG = "--codex-litellm-reaper";

/**
 * The argv that starts our bundle in a hidden mode: next to the chunks when bundled, the built
 * dist/ when run from source (tests); null when neither exists.
 */
export function hiddenModeArgv(arg: string): string[] | null {
  for (const candidate of ["../cli.cjs", "../../dist/cli.cjs"]) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) return [process.execPath, file, arg];
  }
  return null;
}
