// Upstream's escalation parameters of shell_command and exec_command (same words): part of their
// specs, which every session offers, apart from the code that runs the commands.
import { z } from "zod";

export const approvalArguments = {
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
