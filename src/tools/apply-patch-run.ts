// What the apply_patch tool does when called (and `shell` when the model runs apply_patch
// through it): loaded on the first such call, not by every session (see tool-runners.ts).
import type { FileChange as ProtocolFileChange } from "../protocol/events.js";
import {
  commitPatchPlan,
  parsePatch,
  planPatch,
  verificationFailureMessage,
  type ApplyPatchFailure,
  type PatchPlan,
} from "./apply-patch/index.js";
import {
  granularSandboxRejection,
  pathsOutsideWritableRoots,
  patchApprovalReason,
  patchRejectionUnderNever,
  patchSessionKey,
} from "./approval.js";
import { formatWallTime } from "./exec/format.js";
import { telemetryPaths, type ApprovalAnswer, type ToolContext, type ToolResult } from "./tool.js";
import { errorMessage } from "../util/errors.js";

function protocolChanges(plan: PatchPlan): ProtocolFileChange[] {
  return plan.changes
    .map((c) => ({
      path: c.path,
      kind: c.kind,
      ...(c.movePath ? { movePath: c.movePath } : {}),
      diff: c.unifiedDiff,
      oldText: c.oldContent,
      newText: c.newContent,
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

const isPatchFailure = (err: unknown): err is ApplyPatchFailure =>
  err instanceof Error && (err.name === "PatchParseError" || err.name === "PatchApplyError");

/**
 * Applies a patch for the model: verify (nothing written on error), approve when the paths
 * are not all writable under the session's sandbox (`workdir` only resolves relative paths),
 * then write. Used by the apply_patch tool and by `shell` when the model runs apply_patch
 * through the shell.
 */
export async function runPatch(
  patchText: string,
  workdir: string,
  callId: string,
  ctx: ToolContext,
): Promise<ToolResult> {
  const started = Date.now();
  let plan: PatchPlan;
  try {
    const parsed = parsePatch(patchText);
    if (parsed.hunks.length === 0) return rejected("empty patch");
    const { files } = ctx;
    plan = await planPatch(parsed, workdir, files && ((file) => files.read(file)));
  } catch (err) {
    if (isPatchFailure(err)) return { output: verificationFailureMessage(err), success: false };
    throw err;
  }
  const changes = protocolChanges(plan);
  const touched = plan.changes.flatMap((c) => (c.movePath ? [c.path, c.movePath] : [c.path]));
  // Sorted out once: where the patch is written (below) must follow what was checked here.
  const outside = pathsOutsideWritableRoots(touched, ctx.sandboxPolicy, ctx.cwd, ctx.config.codexHome);
  const reason = patchApprovalReason(outside, ctx.config.approvalPolicy, ctx.sandboxPolicy);
  // Like upstream, "approve for this session" covers the files of that patch: a later patch
  // touching only those files applies without asking again.
  if (!reason) ctx.decided("approved", "config");
  else if (touched.every((file) => ctx.approvedForSession.has(patchSessionKey(file))))
    ctx.decided("approved_for_session", "user");
  else {
    const granular = granularSandboxRejection(ctx.config.granularApproval);
    if (ctx.config.approvalPolicy === "never" || granular) {
      ctx.decided("denied", "config");
      return rejected(granular ? `${reason}: ${granular}` : patchRejectionUnderNever(ctx.sandboxPolicy));
    }
    const answer = await ctx.requestApproval({ kind: "patch", changes, cwd: workdir, reason });
    if (answer.decision === "approved_for_session")
      for (const file of touched) ctx.approvedForSession.add(patchSessionKey(file));
    if (answer.decision !== "approved" && answer.decision !== "approved_for_session")
      return { output: patchRefusal(answer, reason), success: false };
  }
  // Writes the sandbox allows are made inside it, where no concurrent symlink swap can redirect
  // them; writes the user approved outside the writable roots are made by the agent itself.
  const inSandbox = outside.length === 0;
  ctx.emit({ type: "patch_begin", callId, changes });
  let output: string;
  let success = true;
  try {
    if (inSandbox)
      // Loaded when a patch is first written inside the sandbox, not at every start.
      await (
        await import("./apply-patch/sandboxed-commit.js")
      ).commitPatchInSandbox(plan, {
        policy: ctx.sandboxPolicy,
        sessionCwd: ctx.cwd,
        codexHome: ctx.config.codexHome,
        hiddenPaths: telemetryPaths(ctx.config.telemetry),
      });
    else await commitPatchPlan(plan);
    output = plan.summary;
    // The editor's buffers follow what was written (the write itself was made here, under the sandbox's rules).
    if (ctx.files) for (const [file, text] of plan.finalContents) await ctx.files.written(file, text);
  } catch (err) {
    success = false;
    output = errorMessage(err);
  }
  ctx.emit({ type: "patch_end", callId, success, output, changes });
  return {
    output: `Exit code: ${success ? 0 : 1}\nWall time: ${formatWallTime(Date.now() - started)} seconds\nOutput:\n${output}`,
    success,
  };
}

/** Upstream's refusals (a hook's message as written, "patch rejected by user"); ours name the rule when nobody could be asked. */
function patchRefusal({ decision, source, hookMessage }: ApprovalAnswer, reason: string): string {
  if (hookMessage !== null) return hookMessage;
  if (decision === "abort") return `patch rejected: ${reason}; it was not approved (turn aborted)`;
  if (source === "user") return "patch rejected by user";
  return `patch rejected: ${reason}; it was not approved`;
}

/** Upstream's answer when a patch is refused before anything is asked or written. */
function rejected(reason: string): ToolResult {
  return { output: `patch rejected: ${reason}`, success: false };
}
