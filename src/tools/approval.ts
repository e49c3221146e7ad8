// Upstream's approval rules: when a command or patch may run without asking, and how.
import type { ApprovalPolicy, GranularApproval } from "../config/schema.js";
import { realPathOfNearestAncestor } from "../util/fs.js";
import { isHostProgram, isKnownSafeCommand, type ProgramLookup } from "./safety/index.js";
import { isWithin } from "../util/paths.js";
import { hasFullDiskWriteAccess, writableRoots } from "./sandbox/index.js";
import type { SandboxPolicy } from "../protocol/policies.js";

export type CommandDecision =
  /** Run under the sandbox policy without asking. */
  | { action: "run"; sandboxed: boolean }
  /** Ask first; on approval run with `sandboxed`. */
  | { action: "ask"; sandboxed: boolean; reason: string };

/**
 * Decides how a model-requested command runs. `untrusted`: only known-safe read-only commands
 * run without asking; `on-request`: everything runs sandboxed, and asking happens when the
 * model requests escalation; `on-failure`: runs sandboxed, asking only after a sandbox
 * denial; `never`: runs sandboxed and never asks. Session approvals skip the question.
 */
export function decideCommand(options: {
  argv: readonly string[];
  policy: ApprovalPolicy;
  sandboxPolicy: SandboxPolicy;
  escalationRequested: boolean;
  approvedForSession: boolean;
  /** Where the command's programs come from; default: this process's PATH, its cwd the workspace. */
  programs?: ProgramLookup;
}): CommandDecision {
  const sandboxed = !hasFullDiskWriteAccess(options.sandboxPolicy);
  if (options.approvedForSession) return { action: "run", sandboxed: sandboxed && !options.escalationRequested };
  const programs = options.programs ?? { pathEnv: process.env.PATH, workspaceRoots: [process.cwd()] };
  if (options.policy === "untrusted" && !isKnownSafeCommand(options.argv, (name) => isHostProgram(name, programs))) {
    return {
      action: "ask",
      sandboxed,
      reason: "approval policy is untrusted and this is not a known read-only command",
    };
  }
  if (options.escalationRequested && options.policy === "on-request" && sandboxed) {
    return { action: "ask", sandboxed: false, reason: "the model asked to run this outside the sandbox" };
  }
  return { action: "run", sandboxed };
}

/**
 * After a sandbox denial under `on-failure` (or granular approvals allowing sandbox prompts, as
 * upstream's `wants_no_sandbox_approval`), the user may approve a re-run without the sandbox.
 */
export function shouldOfferUnsandboxedRetry(policy: ApprovalPolicy, granular: GranularApproval | null): boolean {
  return granular ? granular.sandbox_approval : policy === "on-failure";
}

/**
 * Under `approval_policy = { granular = { sandbox_approval = false, … } }` a prompt about the
 * sandbox (an escalation request, a patch outside the writable roots, a run without a sandbox) is
 * not shown: it is rejected at once, in upstream's words (the model reads them). Null: ask.
 */
export function granularSandboxRejection(granular: GranularApproval | null): string | null {
  return granular && !granular.sandbox_approval
    ? "approval required by policy, but AskForApproval::Granular.sandbox_approval is false"
    : null;
}

/**
 * Patches apply without asking when every path they touch is writable under the sandbox
 * policy and the policy is not `untrusted`; otherwise the user is asked. The writable roots are
 * the session's (`sessionCwd`), whatever workdir the patch was given; `codexHome` stays read-only.
 */
export function patchNeedsApproval(
  paths: readonly string[],
  policy: ApprovalPolicy,
  sandboxPolicy: SandboxPolicy,
  sessionCwd: string,
  codexHome?: string,
): string | null {
  return patchApprovalReason(
    pathsOutsideWritableRoots(paths, sandboxPolicy, sessionCwd, codexHome),
    policy,
    sandboxPolicy,
  );
}

/** {@link patchNeedsApproval} for paths already sorted out: `outside` are those outside the writable roots. */
export function patchApprovalReason(
  outside: readonly string[],
  policy: ApprovalPolicy,
  sandboxPolicy: SandboxPolicy,
): string | null {
  if (policy === "untrusted") return "approval policy is untrusted";
  if (outside.length === 0) return null;
  return sandboxPolicy.type === "read-only"
    ? "the sandbox is read-only"
    : `writes outside the writable roots: ${outside.join(", ")}`;
}

/** The paths (symlinks resolved as far as they exist) a sandboxed command could not write; none under full access. */
export function pathsOutsideWritableRoots(
  paths: readonly string[],
  sandboxPolicy: SandboxPolicy,
  sessionCwd: string,
  codexHome?: string,
): string[] {
  if (hasFullDiskWriteAccess(sandboxPolicy)) return [];
  const roots = writableRoots(sandboxPolicy, sessionCwd, process.env, codexHome);
  return paths
    .map(realPathOfNearestAncestor)
    .filter((p) => !roots.some((r) => isWithin(p, r.root) && !r.readOnlySubpaths.some((ro) => isWithin(p, ro))));
}

/**
 * Under `never` nobody can be asked, so a patch that would need asking is rejected at once,
 * in upstream's words (the model reads them).
 */
export function patchRejectionUnderNever(sandboxPolicy: SandboxPolicy): string {
  const what =
    sandboxPolicy.type === "read-only" ? "writing is blocked by read-only sandbox" : "writing outside of the project";
  return `${what}; rejected by user approval settings`;
}

/** The session-approval key of a file a patch touches ("a: approve for this session" on a patch covers its files). */
export const patchSessionKey = (file: string) => `patch\u0000${file}`;
