export { parsePatch, BEGIN_PATCH_MARKER, END_PATCH_MARKER } from "./parse.js";
export type { ParsedPatch, PatchHunk, UpdateChunk } from "./parse.js";
export { seekSequence, seekSequenceWithPass, normalizePunctuation } from "./seek-sequence.js";
export type { MatchPass, SequenceMatch } from "./seek-sequence.js";
export { applyChunks } from "./update-contents.js";
export { planPatch } from "./plan.js";
export type { FileChange, FileChangeKind, PatchPlan } from "./plan.js";
export { applyPatch, commitPatchPlan } from "./apply.js";
export type { ApplyPatchOptions, ApplyPatchResult } from "./apply.js";
export { formatPatchSummary } from "./summary.js";
export type { AffectedFiles } from "./summary.js";
export { unifiedDiff, DIFF_CONTEXT_LINES } from "./unified-diff.js";
export { PatchParseError, PatchApplyError, verificationFailureMessage, IMPLICIT_INVOCATION_MESSAGE } from "./errors.js";
export type { ApplyPatchFailure, PatchApplyErrorCode } from "./errors.js";
export {
  detectApplyPatchInvocation,
  detectApplyPatchInScript,
  isImplicitPatchInvocation,
  classifyShellCommand,
} from "./invocation.js";
export type { ApplyPatchInvocation, ShellPatchClassification } from "./invocation.js";
export { extractApplyPatchHeredoc } from "./heredoc.js";
export type { HeredocApplyPatch } from "./heredoc.js";
export {
  APPLY_PATCH_TOOL_NAME,
  APPLY_PATCH_LARK_GRAMMAR,
  APPLY_PATCH_FREEFORM_DESCRIPTION,
  APPLY_PATCH_JSON_DESCRIPTION,
  applyPatchFreeformTool,
  applyPatchJsonTool,
  ApplyPatchJsonArgs,
} from "./tool-spec.js";
export type { ApplyPatchFreeformTool, ApplyPatchJsonTool } from "./tool-spec.js";
