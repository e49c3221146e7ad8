// Every config.toml key upstream Codex (0.171) reads, plus ours, with what codex-litellm does
// with it. One table feeds the start-up notices (config/key-notices.ts), `config check` and the
// reference in docs/config.md (a test keeps that file equal to `renderKeyReference()`).
//
// Paths are dotted; `<name>` matches any one key (a profile, a server, a provider, a project).
// A row is a leaf unless other rows continue its path: the notices walk into a table only
// through rows that are `honoured`; anything under a named (non-honoured) row is named once, at it.

import { addToolHookAndAgentKeys } from "./known-keys-tools.js";

export type KeyStatus =
  /** Read and acted on (our semantics noted where they differ from upstream's). */
  | "honoured"
  /** An upstream key codex-litellm does not implement: named at start-up, value left alone. */
  | "ignored"
  /** Means nothing here (ChatGPT login, Windows, upstream's own UI state): named, left alone. */
  | "not-applicable"
  /** Other work covers it and has not landed: named as not yet supported. */
  | "not-yet-supported";

export interface KnownKey {
  path: string;
  status: KeyStatus;
  /** `upstream`: upstream reads it; `ours`: only codex-litellm does. */
  origin: "upstream" | "ours";
  note: string;
}

const rows: KnownKey[] = [];
const add =
  (status: KeyStatus, origin: KnownKey["origin"] = "upstream") =>
  (path: string, note = "") =>
    rows.push({ path, status, origin, note });
const honoured = add("honoured");
const ours = add("honoured", "ours");
const ignored = add("ignored");
const na = add("not-applicable");

// Model and request.
honoured("model", "model name as the proxy serves it");
honoured("model_provider", 'id of the `[model_providers.<id>]` table (default "litellm")');
honoured("model_context_window", "window in tokens; unset: the catalog's, else the proxy's /model/info, else 130000");
ours("context_length", "alias of model_context_window");
honoured("model_auto_compact_token_limit", "compact above this many tokens (default: 90% of the window)");
ignored("model_auto_compact_token_limit_scope", "the limit always counts the whole context");
honoured("model_catalog_json", "a Codex model catalog file; wins over the proxy's");
honoured("model_instructions_file", "file whose text replaces the model's instructions");
ours("base_instructions", "text that replaces the model's instructions");
ignored("instructions", "legacy; use model_instructions_file");
ignored("experimental_instructions_file", "legacy name of model_instructions_file");
honoured("model_max_output_tokens", "output cap sent to the model; 0 sends none");
honoured(
  "model_reasoning_effort",
  "none…xhigh, max, ultra: sent as given unless the model's catalog entry lists other levels (then its default, with one notice)",
);
honoured("model_reasoning_summary", "auto, concise, detailed, none");
honoured("model_verbosity", "low, medium, high");
ignored("model_supports_reasoning_summaries", "summaries are requested whenever model_reasoning_summary is set");
na("plan_mode_reasoning_effort", "checked like model_reasoning_effort; codex-litellm has no Plan mode");
honoured("service_tier", 'sent as `service_tier` on every request ("fast" as "priority", as upstream)');
honoured("developer_instructions", "sent as a developer message after the model's instructions, as upstream");
honoured(
  "personality",
  "`none`/`friendly`/`pragmatic`: fills `{{ personality }}` of the model catalog's `model_messages.instructions_template`",
);
honoured("review_model", "the model `/review`, `review` and `exec review` run on (unset: the session's model)");
ours("prompt_cache", "auto, off, breakpoints (see Prompt caching in the README)");
ours("models", 'per-model settings: `[models."<name>"] prompt_cache`');
ours("models.<name>");
ours("models.<name>.prompt_cache");
ignored("compact_prompt", "our compaction prompt is used");
ignored("experimental_compact_prompt_file", "our compaction prompt is used");
ignored("tool_output_token_limit", "tool output is cut by our own limits or the catalog's truncation policy");
ignored("background_terminal_max_timeout", "write_stdin waits are ours");

// Approvals, sandbox, shell.
honoured("approval_policy", "untrusted, on-failure, on-request, never, or { granular = { … } }");
honoured(
  "approval_policy.granular",
  "on-request, but a prompt whose category is false is rejected at once and the model told",
);
honoured(
  "approval_policy.granular.sandbox_approval",
  "false: escalation requests, patches outside the writable roots and unsandboxed retries are rejected, not asked",
);
na("approval_policy.granular.rules", "codex-litellm has no execpolicy rules");
na("approval_policy.granular.mcp_elicitations", "codex-litellm does not surface MCP elicitations");
na("approval_policy.granular.skill_approval", "codex-litellm has no skills");
na("approval_policy.granular.request_permissions", "codex-litellm has no request_permissions tool");
ignored("approvals_reviewer", "approvals go to the user");
ignored("auto_review", "approvals go to the user");
honoured("sandbox_mode", "read-only, workspace-write, danger-full-access");
honoured("sandbox_workspace_write", "top level only (a profile cannot set it, as upstream)");
for (const key of ["writable_roots", "network_access", "exclude_tmpdir_env_var", "exclude_slash_tmp"])
  honoured(`sandbox_workspace_write.${key}`);
honoured("shell_environment_policy", "top level only (a profile cannot set it, as upstream)");
for (const key of ["inherit", "ignore_default_excludes", "exclude", "set", "include_only"])
  honoured(`shell_environment_policy.${key}`);
ignored("shell_environment_policy.experimental_use_profile", "commands do not run through a shell profile snapshot");
ignored("allow_login_shell", "the shell tools decide login shells as the model asks");
ignored("default_permissions", "use sandbox_mode and [sandbox_workspace_write]");
ignored("permissions", "named permission profiles are not supported; use sandbox_mode");
na("windows", "Windows sandbox settings");

// Instructions and project docs.
honoured("project_doc_max_bytes", "byte budget for AGENTS.md files (default 32768)");
honoured("project_doc_fallback_filenames", "other names read when a folder has no AGENTS.md");
ignored("project_root_markers", "the project root is the nearest folder with .git");
ignored("include_permissions_instructions", "approval and sandbox go in <environment_context>");
ignored("include_environment_context", "<environment_context> is always sent");
ignored("include_collaboration_mode_instructions", "codex-litellm has no collaboration modes");
na("include_apps_instructions", "ChatGPT apps");

// Providers.
honoured("model_providers", "provider tables");
honoured("model_providers.<id>");
for (const key of [
  "name",
  "base_url",
  "env_key",
  "env_key_instructions",
  "wire_api",
  "query_params",
  "http_headers",
  "env_http_headers",
  "request_max_retries",
  "stream_max_retries",
  "stream_idle_timeout_ms",
])
  honoured(`model_providers.<id>.${key}`);
honoured("model_providers.<id>.auth", "a command that prints the bearer token (provider-auth work)");
honoured("model_providers.<id>.experimental_bearer_token", "a bearer token in config (provider-auth work)");
ours("model_providers.<id>.api_key_header", 'header carrying the key ("authorization" or e.g. "x-litellm-api-key")');
ours("model_providers.<id>.ca_certificate", "PEM file of CA certificates to trust");
na("model_providers.<id>.requires_openai_auth", "no ChatGPT/OpenAI login; the key comes from env_key");
ignored("model_providers.<id>.supports_websockets", "requests go over HTTP streaming");
ignored("model_providers.<id>.websocket_connect_timeout_ms", "requests go over HTTP streaming");
na("model_providers.<id>.aws", "AWS SigV4 providers; LiteLLM signs for Bedrock");
ignored("model_providers.<id>.model_catalog_url", "the catalog comes from the proxy or model_catalog_json");
na("openai_base_url", "the built-in openai provider");
na("oss_provider", "local OSS providers (--oss)");
na("chatgpt_base_url", "ChatGPT login");
na("forced_login_method", "ChatGPT login");
na("forced_chatgpt_workspace_id", "ChatGPT login");
na("cli_auth_credentials_store", "auth.json / keyring; the key lives in CODEX_HOME/.env or the environment");
na("disable_response_storage", "requests are always sent with store = false");

// Profiles: only what upstream lets a profile set.
honoured("profile", "the profile used when -p is not given");
honoured("profiles", "named sets of settings");
honoured("profiles.<name>");
for (const key of [
  "model",
  "model_provider",
  "approval_policy",
  "sandbox_mode",
  "model_reasoning_effort",
  "model_reasoning_summary",
  "model_verbosity",
  "model_catalog_json",
  "model_instructions_file",
  "service_tier",
])
  honoured(`profiles.<name>.${key}`);
na("profiles.<name>.plan_mode_reasoning_effort", "codex-litellm has no Plan mode");
for (const key of [
  "model_context_window",
  "context_length",
  "model_auto_compact_token_limit",
  "base_instructions",
  "model_max_output_tokens",
  "prompt_cache",
])
  ours(`profiles.<name>.${key}`, "a codex-litellm extension (upstream reads it only at the top level)");
honoured("profiles.<name>.web_search", "as the top-level `web_search`, for this profile");
honoured("profiles.<name>.tools", "as the top-level `[tools]`, for this profile");
honoured("profiles.<name>.tools.web_search", "merged over the top-level `[tools.web_search]`, as upstream");
honoured("profiles.<name>.tools.view_image");
ignored("profiles.<name>.features", "feature flags are read at the top level only");
honoured("profiles.<name>.tui", "only `session_picker_view`, as upstream");
honoured("profiles.<name>.tui.session_picker_view", "as `tui.session_picker_view`, for this profile");
honoured("profiles.<name>.personality");
ignored("profiles.<name>.approvals_reviewer");
ignored("profiles.<name>.experimental_use_unified_exec_tool");
ignored("profiles.<name>.experimental_compact_prompt_file");
ignored("profiles.<name>.include_permissions_instructions");
ignored("profiles.<name>.include_environment_context");
ignored("profiles.<name>.include_collaboration_mode_instructions");
na("profiles.<name>.include_apps_instructions");
na("profiles.<name>.analytics");
na("profiles.<name>.chatgpt_base_url");
na("profiles.<name>.oss_provider");
na("profiles.<name>.windows");

// MCP servers.
honoured("mcp_servers", "MCP servers");
honoured("mcp_servers.<id>");
for (const key of [
  "command",
  "args",
  "env",
  "env_vars",
  "cwd",
  "url",
  "bearer_token_env_var",
  "http_headers",
  "env_http_headers",
  "startup_timeout_sec",
  "startup_timeout_ms",
  "tool_timeout_sec",
  "enabled",
  "enabled_tools",
  "disabled_tools",
  "default_tools_approval_mode",
  "tools",
])
  honoured(`mcp_servers.<id>.${key}`);
ours(
  "mcp_servers.<id>.provider_auth",
  "send this model provider's key or SSO token as x-litellm-api-key (LiteLLM's MCP gateway at <proxy>/mcp)",
);
ignored("mcp_servers.<id>.name", "legacy display name");
ignored("mcp_servers.<id>.required", "a server that fails to start is reported, the session goes on");
ignored("mcp_servers.<id>.supports_parallel_tool_calls", "tool calls run one after the other");
ignored("mcp_servers.<id>.oauth", "OAuth settings come from the server's own discovery (`mcp login`)");
ignored("mcp_servers.<id>.oauth_resource", "the resource comes from the server's protected-resource metadata");
honoured("mcp_servers.<id>.scopes", "scopes asked for by `mcp login`");
na("mcp_servers.<id>.environment_id", "remote environments");
honoured("mcp_oauth_callback_port", "the 127.0.0.1 port `mcp login` listens on for the browser's return");
ignored("mcp_oauth_callback_url", "the browser returns to http://127.0.0.1:<port>/callback");
ignored(
  "mcp_oauth_credentials_store",
  "OAuth tokens are kept in CODEX_HOME/.credentials.json (upstream's file store), never in a keyring",
);

// Front-ends.
honoured("hide_agent_reasoning", "exec and the UI show no reasoning summaries");
honoured("show_raw_agent_reasoning", "raw reasoning text is shown besides the summaries (exec and the UI)");
honoured("notify", "argv run after each turn with upstream's agent-turn-complete JSON as last argument");
honoured(
  "file_opener",
  "`vscode` (default), `vscode-insiders`, `windsurf`, `cursor`, `none`: the UI's links to local files are OSC 8 hyperlinks opening them there",
);
ignored("history", "codex-litellm does not write history.jsonl");
honoured("tui", "interactive UI settings");
honoured(
  "tui.notifications",
  "true, or a list of agent-turn-complete / approval-requested: a terminal notification then; unlike upstream, off unless set and sent whether or not the terminal has focus",
);
honoured(
  "tui.notification_method",
  "auto (OSC 9 in iTerm2, WezTerm, ghostty, kitty, VS Code; else the bell), osc9, bel",
);
ignored("tui.notification_condition", "notifications are sent whether or not the terminal has focus");
na("tui.animations", "codex-litellm's UI has no animations to turn off");
honoured(
  "tui.status_line",
  "footer items in order, joined by ` · `: model-name, model-with-reasoning, current-dir, project-root, git-branch, context-remaining, context-used, codex-version, context-window-size, used-tokens, total-input-tokens, total-output-tokens, session-id (five-hour-limit, weekly-limit, fast-mode show nothing: ChatGPT plan limits); the key hints stay",
);
honoured(
  "tui.session_picker_view",
  "`dense` (default): one line per session in the resume pickers; `comfortable`: the first message on one line, its age and id under it",
);
honoured("tui.keymap", "upstream's key bindings, where our UI has the action");
honoured("tui.keymap.global");
honoured(
  "tui.keymap.global.open_transcript",
  'keys that open the transcript view ("ctrl-o", or a list; [] unbinds; default Ctrl+T)',
);
for (const action of [
  "open_external_editor",
  "copy",
  "edit_previous_message",
  "confirm_edit_previous_message",
  "submit",
  "queue",
  "toggle_shortcuts",
])
  ignored(`tui.keymap.global.${action}`, "our UI's own key for it stays");
for (const context of ["chat", "composer", "editor", "pager", "list", "approval"])
  ignored(`tui.keymap.${context}`, "our UI's own keys stay");
for (const key of [
  "alternate_screen",
  "raw_output_mode",
  "show_tooltips",
  "status_line_use_colors",
  "terminal_title",
  "terminal_resize_reflow_max_rows",
  "theme",
  "vim_mode_default",
  "show_mcp_startup_status",
])
  ignored(`tui.${key}`);
na("tui.model_availability_nux", "upstream's own UI state");
na("tui.pet", "upstream's terminal pet");
na("tui.pet_anchor", "upstream's terminal pet");
ignored("disable_paste_burst", "pastes are taken as typed");
na("notice", "upstream's own record of notices it showed");
na("check_for_update_on_startup", "updates come from your package manager");

addToolHookAndAgentKeys({ honoured, ours, ignored, na });

export const KNOWN_KEYS: readonly KnownKey[] = rows;
