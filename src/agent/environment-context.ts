import path from "node:path";
import type { ApprovalPolicy, SandboxMode } from "../config/schema.js";

export interface EnvironmentContext {
  cwd: string;
  approvalPolicy: ApprovalPolicy;
  sandboxMode: SandboxMode;
  networkAccess: boolean;
  writableRoots: string[];
  shell: string;
}

/** Upstream's `<environment_context>` user message: one child element per line, two-space indent. */
export function environmentContextText(ctx: EnvironmentContext): string {
  const lines = [
    "<environment_context>",
    `  <cwd>${ctx.cwd}</cwd>`,
    `  <approval_policy>${ctx.approvalPolicy}</approval_policy>`,
    `  <sandbox_mode>${ctx.sandboxMode}</sandbox_mode>`,
    `  <network_access>${ctx.networkAccess ? "enabled" : "restricted"}</network_access>`,
  ];
  if (ctx.writableRoots.length) {
    lines.push("  <writable_roots>", ...ctx.writableRoots.map((r) => `    <root>${r}</root>`), "  </writable_roots>");
  }
  lines.push(`  <shell>${ctx.shell}</shell>`, "</environment_context>");
  return lines.join("\n");
}

export function userShellName(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHELL ? path.basename(env.SHELL) : "bash";
}
