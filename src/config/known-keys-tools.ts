// The known-keys table's second half (config/known-keys.ts holds the first, and the order of
// both is the order of docs/config.md): tools and features, hooks, subagents, telemetry.

type AddKey = (path: string, note?: string) => void;

export function addToolHookAndAgentKeys({
  honoured,
  ours,
  ignored,
  na,
}: Record<"honoured" | "ours" | "ignored" | "na", AddKey>): void {
  // Tools and features.
  honoured(
    "web_search",
    "live, cached (default), disabled: the hosted `web_search` tool on the Responses wire (`external_web_access`); live without a sandbox; on the Chat wire `web_search_options`, sent only when set",
  );
  honoured("tools");
  honoured(
    "tools.web_search",
    "`[tools.web_search]` context_size, allowed_domains, location (a bare true/false means nothing, as upstream)",
  );
  for (const key of ["context_size", "allowed_domains", "location"]) honoured(`tools.web_search.${key}`);
  honoured("tools.view_image", "false: no view_image tool (older upstream's switch)");
  honoured(
    "tools.update_plan",
    "`[tools.update_plan] enabled = true`: the update_plan tool is offered (off by default, as upstream 0.171)",
  );
  honoured("tools.update_plan.enabled");
  ignored(
    "tools.experimental_request_user_input",
    "request_user_input is offered as upstream 0.171 offers it; `features.default_mode_request_user_input` lets it ask",
  );
  honoured("features", "feature flags");
  honoured("features.hooks", "`false` turns every `[hooks]` handler off (on by default)");
  honoured("features.codex_hooks", "older name of `features.hooks`");
  honoured("features.web_search", "old name of features.web_search_request");
  honoured("features.web_search_request", 'deprecated: true means `web_search = "live"` when web_search is unset');
  honoured("features.web_search_cached", 'deprecated: true means `web_search = "cached"` when web_search is unset');
  ignored(
    "features.standalone_web_search",
    "upstream's extension-backed search tool (under development there); the hosted web_search tool is offered",
  );
  honoured("features.multi_agent", "`false`: no subagent tools (on by default, as upstream's fallback)");
  honoured("features.goals", "`false` drops get_goal/create_goal/update_goal (on by default, as upstream)");
  honoured(
    "features.default_mode_request_user_input",
    "true: request_user_input asks the user (the UI) instead of answering that it is unavailable",
  );
  honoured(
    "features.unified_exec",
    "false: the shell tool the catalog entry's `shell_type` names (`shell` without an entry) instead of exec_command/write_stdin (upstream 0.171 ignores it on Linux and macOS)",
  );
  honoured("features.shell_tool", "false: no shell tool at all (on by default)");
  honoured("features.view_image_tool", "false: no view_image tool (on by default)");
  for (const flag of [
    "multi_agent_v2",
    "apply_patch_freeform",
    "apply_patch_streaming_events",
    "shell_snapshot",
    "shell_zsh_fork",
    "unified_exec_zsh_fork",
    "undo",
    "steer",
    "memories",
    "memory_tool",
    "child_agents_md",
    "code_mode",
    "code_mode_only",
    "collab",
    "collaboration_modes",
    "enable_fanout",
    "enable_request_compression",
    "exec_permission_approvals",
    "experimental_use_unified_exec_tool",
    "image_detail_original",
    "image_generation",
    "imagegenext",
    "js_repl",
    "js_repl_tools_only",
    "mentions_v2",
    "non_prefixed_mcp_tool_names",
    "personality",
    "request_permissions",
    "request_permissions_tool",
    "request_rule",
    "responses_websockets",
    "responses_websockets_v2",
    "responses_websocket_response_processed",
    "runtime_metrics",
    "search_tool",
    "skill_env_var_dependency_prompt",
    "skill_mcp_dependency_install",
    "sqlite",
    "terminal_resize_reflow",
    "tool_call_mcp_elicitation",
    "tool_search",
    "tool_search_always_defer_mcp_tools",
    "tool_suggest",
    "unavailable_dummy_tools",
    "use_legacy_landlock",
    "use_linux_sandbox_bwrap",
    "network_proxy",
    "prevent_idle_sleep",
    "fast_mode",
    "guardian_approval",
    "local_thread_store_compression",
    "workspace_dependencies",
    "api_key_model_discovery",
  ])
    ignored(`features.${flag}`);
  for (const flag of [
    "apps",
    "apps_mcp_path_override",
    "auth_elicitation",
    "browser_use",
    "browser_use_external",
    "chronicle",
    "codex_git_commit",
    "computer_use",
    "connectors",
    "elevated_windows_sandbox",
    "enable_experimental_windows_sandbox",
    "enable_mcp_apps",
    "experimental_windows_sandbox",
    "external_migration",
    "in_app_browser",
    "plugin_hooks",
    "plugin_sharing",
    "plugins",
    "realtime_conversation",
    "remote_compaction_v2",
    "remote_control",
    "remote_models",
    "remote_plugin",
    "telepathy",
    "tui_app_server",
    "workspace_owner_usage_nudge",
  ])
    na(`features.${flag}`);
  ignored(
    "experimental_use_unified_exec_tool",
    "the shell tools follow `features.unified_exec` and `features.shell_tool`",
  );
  ignored("suppress_unstable_features_warning");

  // Other work, and what upstream alone does.
  honoured(
    "hooks",
    "upstream's command hooks: `$SHELL -lc <command>`, event JSON on stdin, `timeout` (600 s); config.toml hooks run once trusted",
  );
  honoured("hooks.state", 'upstream\'s per-hook state: `[hooks.state."<file>:<event>:<group>:<handler>"]`');
  honoured("hooks.state.<key>");
  honoured("hooks.state.<key>.trusted_hash", "the hook runs while its definition matches (the UI's review writes it)");
  honoured("hooks.state.<key>.enabled", "`false` turns that hook off");
  honoured("hooks.Stop", 'runs when the model is done; `systemMessage` shown, `decision = "block"`/exit 2 continues');
  honoured(
    "hooks.UserPromptSubmit",
    "runs before a prompt is sent: stdout/`additionalContext` added, block/exit 2 drops it",
  );
  honoured(
    "hooks.PreToolUse",
    "before shell (`Bash`), apply_patch (`Write`/`Edit`) and MCP calls: deny/block/exit 2 keeps the call from running, `updatedInput` rewrites it",
  );
  honoured(
    "hooks.PostToolUse",
    "after those calls, with `tool_response`: block/exit 2 replaces what the model reads, `continue = false` ends the turn",
  );
  honoured("hooks.SessionStart", "at the first turn (`startup`, or `resume`): stdout/`additionalContext` added");
  honoured(
    "hooks.PermissionRequest",
    "when those calls need an approval, before anyone is asked: `decision.behavior` allow approves, deny/exit 2 declines with its message",
  );
  honoured(
    "hooks.PreCompact",
    "before a compaction, `trigger` `auto` (context full) or `manual` (/compact, `exec resume --compact`): `continue = false` ends the turn",
  );
  honoured("hooks.PostCompact", "after a compaction, with its `trigger`: `continue = false` ends the turn");
  honoured(
    "hooks.SubagentStart",
    "a subagent's first turn (instead of SessionStart), matched on its role: `additionalContext` added for it",
  );
  honoured(
    "hooks.SubagentStop",
    "when a subagent is done (instead of Stop), matched on its role: block/exit 2 makes it go on with the reason",
  );
  honoured("projects", 'per folder: `[projects."<path>"] trust_level`');
  honoured("projects.<path>");
  honoured(
    "projects.<path>.trust_level",
    "`trusted`/`untrusted`: workspace-write by default (approvals on-request/untrusted); none: read-only, and the UI asks (saved for the git root)",
  );
  honoured("agents", "subagents (upstream's multi_agent_v1 tools): limits and roles");
  honoured("agents.enabled", "`false`: no subagent tools");
  honoured("agents.max_threads", "older name of `max_concurrent_threads_per_session`");
  honoured("agents.max_concurrent_threads_per_session", "open subagents at once (default 6)");
  honoured("agents.max_depth", "how deep agents may spawn agents (default 1: a subagent spawns none)");
  honoured("agents.job_max_runtime_seconds", "a subagent turn is interrupted after this long");
  honoured("agents.default_subagent_model", "model of a subagent whose role and call name none");
  honoured("agents.default_subagent_reasoning_effort", "reasoning effort of such a subagent");
  ignored("agents.interrupt_message", "an interrupted subagent always tells its parent");
  honoured("agents.<name>", "a role `spawn_agent`'s `agent_type` may name");
  for (const key of ["description", "config_file", "nickname_candidates", "model", "model_reasoning_effort"])
    honoured(`agents.<name>.${key}`);
  honoured("agents.<name>.developer_instructions");
  honoured("agents.<name>.sandbox_mode");
  ignored("skills", "codex-litellm has no skills");
  ignored("memories", "codex-litellm has no memories");
  ignored("log_dir", "logs go to [telemetry].dir");
  ignored("debug", "config lock files are not written");
  na("analytics", "codex-litellm sends no analytics");
  na("feedback", "codex-litellm sends no feedback");
  na("apps", "ChatGPT apps and connectors");
  na("apps_mcp_product_sku", "ChatGPT apps");
  na("plugins", "upstream's plugins");
  na("marketplaces", "upstream's plugin marketplaces");
  na("tool_suggest", "upstream's tool suggestions");
  na("audio", "realtime voice");
  na("realtime", "realtime voice");
  for (const key of ["start_instructions", "ws_backend_prompt", "ws_base_url", "ws_model", "ws_startup_context"])
    na(`experimental_realtime_${key}`, "realtime voice");
  na("experimental_thread_config_endpoint", "app-server");
  na("experimental_thread_store", "app-server");
  na("ghost_snapshot", "legacy; upstream ignores it too");
  na("sqlite_home", "upstream's state database");
  na("desktop", "upstream's desktop app");

  // Telemetry and OpenTelemetry.
  honoured("otel", "upstream's OpenTelemetry export (see OpenTelemetry in the README)");
  for (const key of [
    "log_user_prompt",
    "environment",
    "exporter",
    "trace_exporter",
    "metrics_exporter",
    "span_attributes",
  ])
    honoured(`otel.${key}`);
  ignored("otel.tracestate", "no tracestate members are added");
  ours("telemetry", "usage telemetry (see Telemetry in the README)");
  for (const key of ["enabled", "dir", "max_total_bytes", "logs", "otel"]) ours(`telemetry.${key}`);
}
