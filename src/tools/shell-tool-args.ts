// The arguments of the shell-shaped tools (shell, shell_command, exec_command, write_stdin), in
// upstream's words: read by their specs, which every session lists, and by the code that runs a
// call (shell-run.ts, unified-exec/exec-run.ts), which is loaded on the first call.
import { z } from "zod";

/** Upstream's escalation parameters of shell_command and exec_command (same words). */
const approvalArguments = {
  justification: z
    .string()
    .describe("User-facing approval question for `require_escalated`; omit otherwise.")
    .optional(),
  prefix_rule: z
    .array(z.string())
    .describe(
      'Reusable approval prefix for `cmd`, only with `sandbox_permissions: "require_escalated"`; for example ["git", "pull"].',
    )
    .optional(),
  sandbox_permissions: z
    .enum(["use_default", "require_escalated"])
    .describe(
      "Per-command sandbox override. Defaults to `use_default`; use `require_escalated` for unsandboxed execution.",
    )
    .optional(),
};

const NOT_A_COMMAND = 'must be a non-empty array of strings, e.g. ["bash", "-lc", "ls"]';

export const ShellArgs = z.object({
  command: z
    .array(z.string(), { error: NOT_A_COMMAND })
    .refine((argv) => argv.length > 0, { error: NOT_A_COMMAND })
    .describe('the command and its arguments, e.g. ["bash", "-lc", "ls -la"]'),
  workdir: z.string().describe("working directory (default: the session's)").optional(),
  timeout_ms: z.number().describe("time limit in milliseconds (default 10000)").optional(),
  with_escalated_permissions: z.boolean().describe("run outside the sandbox; the user is asked first").optional(),
  justification: z.string().describe("why escalation is needed, shown to the user").optional(),
  /** Older name of `timeout_ms`: accepted, not offered. */
  timeout: z.number().optional(),
});

// Keys in upstream's (alphabetical) order.
export const ShellCommandArgs = z.object({
  command: z.string().describe("The shell script to execute in the user's default shell"),
  justification: approvalArguments.justification,
  login: z.boolean().describe("Whether to run the shell with login shell semantics. Defaults to true.").optional(),
  prefix_rule: approvalArguments.prefix_rule,
  sandbox_permissions: approvalArguments.sandbox_permissions,
  timeout_ms: z.number().describe("The timeout for the command in milliseconds").optional(),
  workdir: z.string().describe("The working directory to execute the command in").optional(),
});

const maxOutputTokens = z
  .number()
  .describe("Output token budget. Defaults to 10000 tokens; larger requests may be capped by policy.")
  .optional();

// Keys in upstream's (alphabetical) order.
export const ExecCommandArgs = z.object({
  cmd: z.string().describe("Shell command to execute."),
  justification: approvalArguments.justification,
  login: z.boolean().describe("Request login-shell startup. Omit to inherit.").optional(),
  max_output_tokens: maxOutputTokens,
  prefix_rule: approvalArguments.prefix_rule,
  sandbox_permissions: approvalArguments.sandbox_permissions,
  shell: z.string().describe("Shell binary to launch. Defaults to the user's default shell.").optional(),
  tty: z.boolean().describe("True allocates a PTY for the command; false or omitted uses plain pipes.").optional(),
  workdir: z.string().describe("Working directory for the command. Defaults to the turn cwd.").optional(),
  yield_time_ms: z
    .number()
    .describe("Wait before yielding output. Defaults to 10000 ms; effective range is 250-30000 ms.")
    .optional(),
});

export const WriteStdinArgs = z.object({
  chars: z.string().describe("Bytes to write to stdin. Defaults to empty, which polls without writing.").optional(),
  max_output_tokens: maxOutputTokens,
  session_id: z.number().describe("Identifier of the running unified exec session."),
  yield_time_ms: z
    .number()
    .describe(
      "Wait before yielding output. Non-empty writes default to 250 ms and cap at 30000 ms; empty polls wait 5000-300000 ms by default.",
    )
    .optional(),
});
