declare const __CODEX_LITELLM_VERSION__: string;

/** Our own version, injected at bundle time from package.json. */
export const VERSION: string = typeof __CODEX_LITELLM_VERSION__ === "string" ? __CODEX_LITELLM_VERSION__ : "0.0.0-dev";
/** The upstream Codex CLI version whose config and session formats we follow. */
export const UPSTREAM_CODEX_VERSION = "0.171.0";
/**
 * Ends with the upstream version, as upstream's `codex-cli X.Y.Z` does: tools that run `codex --version`
 * (LiteLLM's `lite codex`) take the last word as the Codex version they talk to.
 */
export const VERSION_LINE = `codex-litellm ${VERSION} compatible with codex-cli ${UPSTREAM_CODEX_VERSION}`;

/** `codex-litellm --version` (or `-V`) and nothing else: answered before anything is loaded. */
export const isVersionRequest = (argv: readonly string[]) =>
  argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V");
