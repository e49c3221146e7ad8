declare const __CODEX_LITELLM_VERSION__: string;

/** Our own version, injected at bundle time from package.json. */
export const VERSION: string = typeof __CODEX_LITELLM_VERSION__ === "string" ? __CODEX_LITELLM_VERSION__ : "0.0.0-dev";
/** The upstream Codex CLI version whose config and session formats we follow. */
export const UPSTREAM_CODEX_VERSION = "0.169.0";
export const VERSION_LINE = `codex-litellm ${VERSION} (codex ${UPSTREAM_CODEX_VERSION} compatible)`;

/** `codex-litellm --version` (or `-V`) and nothing else: answered before anything is loaded. */
export const isVersionRequest = (argv: readonly string[]) =>
  argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V");
