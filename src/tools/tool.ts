// Tools as data: each tool is a name, a spec per wire, a parser of its call's arguments and a run
// function taking the parsed arguments. The agent core hands calls to `runTool` (run-tool.ts),
// which parses once and turns the result into the model's answer.
import type { ResolvedConfig } from "../config/load.js";
import type { ApprovalPolicy, WireApi } from "../config/schema.js";
import type { FunctionCallOutputContent } from "../gateway/items.js";
import type { ToolSpec } from "../gateway/types.js";
import type { AgentEvent, ApprovalDecision, DecisionSource, FileChange } from "../protocol/events.js";
import type { SandboxPolicy, TruncationPolicy } from "../protocol/policies.js";
import type { UserInputQuestion, UserInputResponse } from "../protocol/user-input.js";
import type { SecretRedactor } from "../util/redact.js";

export type ToolCall =
  | { kind: "function"; callId: string; name: string; arguments: string }
  | { kind: "custom"; callId: string; name: string; input: string };

export interface ApprovalQuestion {
  kind: "command" | "patch" | "mcp";
  command?: string[];
  cwd?: string;
  changes?: FileChange[];
  /** An MCP tool call: which server and tool, with the arguments the model gave. */
  mcp?: { server: string; tool: string; arguments: unknown };
  reason: string | null;
  /** The subagent asking (`Ada [explorer]`); absent when it is the session the user started. */
  agent?: string;
}

/**
 * What an approval question got: the decision, who made it (`config`: the rules, a PermissionRequest
 * hook, or nobody to ask; `user`: a person) and, when a PermissionRequest hook denied it, the hook's
 * message, which is what the model reads as the refusal (upstream's `Rejected(message)`).
 */
export interface ApprovalAnswer {
  decision: ApprovalDecision;
  source: DecisionSource;
  hookMessage: string | null;
}

/** A front-end that holds files open (an editor): what it shows, and what a patch wrote. */
export interface EditorFiles {
  /** The file's text as the editor holds it (unsaved changes included); null: read the disk. */
  read(file: string): Promise<string | null>;
  /** A patch wrote `text` to `file` (null: deleted it), inside the sandbox's rules; the editor shows it. */
  written(file: string, text: string | null): Promise<void>;
}

export interface ToolContext {
  config: ResolvedConfig;
  cwd: string;
  sandboxPolicy: SandboxPolicy;
  signal: AbortSignal;
  emit(event: AgentEvent): void;
  /** Asks the PermissionRequest hooks, then the host (a person in the TUI; nobody in exec, where it is declined by the configuration). */
  requestApproval(question: ApprovalQuestion): Promise<ApprovalAnswer>;
  /** Asks a person the model's questions (the UI); absent: nobody can answer (exec). Null: the question was dismissed. */
  requestUserInput?(questions: UserInputQuestion[]): Promise<UserInputResponse | null>;
  /** Reports a decision made without asking: by the rules (`config`) or an earlier "for this session" (`user`). */
  decided(decision: ApprovalDecision, source: DecisionSource): void;
  /** An editor's view of the files (ACP's `fs/*`): patches are planned on its buffers and it is told what was written. */
  files?: EditorFiles;
  /** Commands approved "for this session" (key: the joined argv). */
  approvedForSession: Set<string>;
  /**
   * The session's secrets (the API key, secrets from config, any registered later): no command
   * environment carries one, and command output has them replaced by [REDACTED] as it arrives.
   */
  redactor: SecretRedactor;
  /** Registers secrets that appeared since the last call (a key `login` saved meanwhile); called around each tool call. */
  refreshSecrets?: () => void;
  /** The model catalog's limit on tool output for the active model; unset: our own limits. */
  truncation?: TruncationPolicy;
  /** Whether the active model takes images (view_image refuses otherwise); unset: it does. */
  imagesAllowed?: boolean;
  /** The active model takes images at their original resolution (view_image sends them so, unscaled). */
  imageDetailOriginal?: boolean;
  /** The name of the tool the model called (set for each call). */
  toolName?: string;
}

/**
 * What each command a tool starts takes from the session: the folder the sandbox policy is
 * relative to, the CODEX_HOME it protects, the logs it hides, the secrets its output is redacted of.
 */
export function sessionCommandOptions(ctx: ToolContext) {
  return {
    sandboxPolicyCwd: ctx.cwd,
    codexHome: ctx.config.codexHome,
    hiddenPaths: telemetryPaths(ctx.config.telemetry),
    redactor: ctx.redactor,
  };
}

/**
 * The telemetry dir and the configured log files (which may lie outside it): commands may not
 * read them (other projects' prompts, commands and outputs are logged there). Under CODEX_HOME
 * they are hidden with it anyway.
 */
export function telemetryPaths(telemetry: ResolvedConfig["telemetry"] | undefined): string[] {
  if (!telemetry) return [];
  const files = [telemetry.logs.tui.path, telemetry.logs.session.path, telemetry.logs.debug.path];
  return [telemetry.dir, ...files.filter((file): file is string => file !== undefined)];
}

export interface ToolResult {
  /** Text the model sees. */
  output: string;
  success: boolean;
  /** Structured output (e.g. an MCP tool's images) sent instead of `output` on function calls. */
  contentItems?: FunctionCallOutputContent[];
}

/**
 * The apply_patch tool the model catalog names: `freeform` or `function`, or `none` (the entry
 * has no type: no tool, the model patches through the shell, as upstream does).
 */
export type ApplyPatchToolType = "freeform" | "function" | "none";

/** What a tool's spec may depend on. */
export interface SpecContext {
  approvalPolicy: ApprovalPolicy;
  /** The shape the model catalog names for apply_patch (unset: freeform on the Responses wire). */
  applyPatchToolType?: ApplyPatchToolType;
}

/** A call's arguments as the tool takes them, or (bad arguments) the answer the model gets instead. */
export type ParsedArguments<Args> = { ok: true; value: Args } | { ok: false; result: ToolResult };

/** A group of function tools offered under one name on the Responses wire (upstream's `multi_agent_v1`). */
export interface ToolNamespace {
  name: string;
  description: string;
}

export interface Tool<Args = unknown> {
  name: string;
  /** Set: the tool is offered inside this namespace (Responses wire); the chat wire offers it by its own name. */
  namespace?: ToolNamespace;
  /** Its name inside `namespace`, where that is not `name` (an MCP tool `mcp__docs__echo` is `echo` in `mcp__docs`). */
  namespacedName?: string;
  spec(wire: WireApi, ctx: SpecContext): ToolSpec;
  /** Reads and checks the call's arguments; `runTool` calls it once, before `run`. */
  parse(call: ToolCall): ParsedArguments<Args>;
  run(args: Args, ctx: ToolContext, call: ToolCall): Promise<ToolResult>;
}
