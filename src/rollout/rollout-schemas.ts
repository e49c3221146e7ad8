// The zod schemas of the rollout records we model, applied once to each line read from disk.
// Lenient as Codex's own reader: a field of the wrong type falls back (`.catch`) rather than
// losing the record; only what a record cannot do without (a session id, a turn's cwd and model,
// a message's text) makes it unusable. Built on first use: a session that never reads a rollout
// (a new exec) does without them.
import { z } from "zod";
import type { TokenUsage } from "../gateway/items.js";
import { APPROVAL_POLICIES } from "../config/schema.js";
import { REASONING_EFFORT_VALUES, REASONING_SUMMARY_VALUES } from "./rollout-types.js";
import { lazy } from "../util/lazy.js";

export const rolloutSchemas = lazy(() => {
  /** A field that is dropped when it has the wrong type. */
  const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
  const optionalString = lenient(z.string());
  const stringOrNull = lenient(z.string().nullable());
  const jsonObject = z.record(z.string(), z.unknown());
  /** An array's string entries (others dropped). */
  const strings = z
    .array(z.unknown())
    .transform((entries) => entries.filter((e): e is string => typeof e === "string"));

  const sessionMetaSchema = z.object({
    id: z.string(),
    timestamp: z.string().catch(""),
    cwd: z.string().catch(""),
    originator: z.string().catch(""),
    cli_version: z.string().catch(""),
    // Upstream's default when `source` is missing.
    source: z.union([z.string(), jsonObject]).catch("vscode"),
    model_provider: z.string().nullable().catch(null),
    instructions: stringOrNull,
    model: optionalString,
    base_instructions: lenient(z.object({ text: z.string() })),
    git: lenient(z.object({ commit_hash: optionalString, branch: optionalString, repository_url: optionalString })),
  });

  const flag = z.boolean().catch(false);

  const sandboxPolicySchema = z.discriminatedUnion("type", [
    z.object({ type: z.literal("danger-full-access") }),
    z.object({ type: z.literal("read-only") }),
    z.object({
      type: z.literal("workspace-write"),
      network_access: flag,
      exclude_tmpdir_env_var: flag,
      exclude_slash_tmp: flag,
      writable_roots: lenient(strings),
    }),
    z.object({
      type: z.literal("external-sandbox"),
      network_access: z.enum(["restricted", "enabled"]).catch("restricted"),
    }),
  ]);

  const turnContextSchema = z.object({
    cwd: z.string(),
    model: z.string(),
    turn_id: optionalString,
    approval_policy: lenient(z.enum(APPROVAL_POLICIES)),
    sandbox_policy: lenient(sandboxPolicySchema),
    effort: lenient(z.enum(REASONING_EFFORT_VALUES).nullable()),
    summary: lenient(z.enum(REASONING_SUMMARY_VALUES)),
    base_instructions: stringOrNull,
    user_instructions: stringOrNull,
    developer_instructions: stringOrNull,
    final_output_json_schema: z.unknown().optional(),
    truncation_policy: lenient(z.object({ mode: z.enum(["bytes", "tokens"]), limit: z.number() })),
    current_date: optionalString,
    timezone: optionalString,
  });

  const count = z.number().catch(0);

  const tokenUsageSchema = z
    .object({
      input_tokens: count,
      cached_input_tokens: count,
      output_tokens: count,
      reasoning_output_tokens: count,
      total_tokens: count,
    })
    .catch((): TokenUsage => ({
      input_tokens: 0,
      cached_input_tokens: 0,
      output_tokens: 0,
      reasoning_output_tokens: 0,
      total_tokens: 0,
    }));

  const tokenCountSchema = z.object({
    type: z.literal("token_count"),
    info: z
      .object({
        total_token_usage: tokenUsageSchema,
        last_token_usage: tokenUsageSchema,
        model_context_window: z.number().nullable().catch(null),
      })
      .nullable()
      .catch(null),
    // Kept as written: we never read inside it.
    rate_limits: jsonObject.nullable().catch(null),
  });

  /** The `event_msg` payloads we model (upstream's persisted events). */
  const persistedEventSchema = z.discriminatedUnion("type", [
    z.object({ type: z.literal("user_message"), message: z.string(), images: lenient(strings.nullable()) }),
    z.object({ type: z.literal("agent_message"), message: z.string() }),
    z.object({ type: z.enum(["agent_reasoning", "agent_reasoning_raw_content"]), text: z.string() }),
    tokenCountSchema,
    z.object({ type: z.literal("turn_aborted"), reason: z.string().catch("interrupted") }),
    z.object({ type: z.literal("context_compacted") }),
  ]);

  /**
   * Codex 0.169's `item_completed` event with a `UserMessage` / `AgentMessage` item: its text
   * parts stand for a user_message / agent_message.
   */
  const completedMessageSchema = z.object({
    type: z.literal("item_completed"),
    item: z.object({
      type: z.enum(["UserMessage", "AgentMessage"]),
      content: z
        .array(z.unknown())
        .catch([])
        .transform((parts) =>
          parts.flatMap((part) => {
            const text = z.object({ text: z.string() }).safeParse(part);
            return text.success ? [text.data.text] : [];
          }),
        ),
    }),
  });

  const compactedSchema = z.object({
    message: z.string(),
    // Each entry is normalised as a response item on its own.
    replacement_history: lenient(z.array(z.unknown())),
  });

  /** A line's envelope: `{timestamp, type, payload}`. */
  const envelopeSchema = z.object({
    type: z.string(),
    timestamp: z.string().catch(""),
    payload: z.unknown(),
  });

  return {
    sessionMetaSchema,
    sandboxPolicySchema,
    turnContextSchema,
    persistedEventSchema,
    completedMessageSchema,
    compactedSchema,
    envelopeSchema,
  };
});
