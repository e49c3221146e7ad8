// Codex's three approval presets (what the UI's /approvals offers, and the ACP server's session
// modes): an approval policy with a sandbox mode.
import type { ApprovalPolicy, SandboxMode } from "../config/schema.js";

export interface ApprovalPreset {
  id: "read-only" | "auto" | "full-access";
  label: string;
  detail: string;
  value: [ApprovalPolicy, SandboxMode];
}

export const APPROVAL_PRESETS: readonly ApprovalPreset[] = [
  {
    id: "read-only",
    label: "Read Only",
    detail: "reads files; asks before editing or running anything else",
    value: ["untrusted", "read-only"],
  },
  {
    id: "auto",
    label: "Auto",
    detail: "edits and runs commands in the workspace; asks to go beyond it",
    value: ["on-request", "workspace-write"],
  },
  {
    id: "full-access",
    label: "Full Access",
    detail: "edits and runs anything, network included, without asking",
    value: ["never", "danger-full-access"],
  },
];
