// The shell tool as the session lists it; what a call does is in shell-run.ts, loaded on the first call.
import { functionTool } from "./function-tool.js";
import { ShellArgs } from "./shell-tool-args.js";
import { toolRunners } from "./tool-runners.js";

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
