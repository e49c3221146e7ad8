// The shell tool as the session lists it (spec and arguments); what a call does is in shell-run.ts,
// loaded on the first call.
import { z } from "zod";
import { functionTool } from "./function-tool.js";
import { toolRunners } from "./tool-runners.js";

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

// Escalation is offered only where the user can be asked (`on-request`).
const OFFERED_ON_REQUEST = ShellArgs.omit({ timeout: true });
const OFFERED = OFFERED_ON_REQUEST.omit({ with_escalated_permissions: true, justification: true });

export const shellTool = functionTool({
  name: "shell",
  description: "Runs a command and returns its exit code and output (long output is cut in the middle).",
  parameters: ShellArgs,
  offered: ({ approvalPolicy }) => (approvalPolicy === "on-request" ? OFFERED_ON_REQUEST : OFFERED),
  run: async (args, ctx, call) => (await toolRunners()).runShellTool(args, ctx, call),
});
