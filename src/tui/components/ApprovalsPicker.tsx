import React from "react";
import type { ApprovalPolicy, SandboxMode } from "../../config/schema.js";
import type { TuiHost } from "../host.js";
import { SelectList } from "./SelectList.js";

const PRESETS: { label: string; detail: string; value: [ApprovalPolicy, SandboxMode] }[] = [
  {
    label: "Read Only",
    detail: "reads files; asks before editing or running anything else",
    value: ["untrusted", "read-only"],
  },
  {
    label: "Auto",
    detail: "edits and runs commands in the workspace; asks to go beyond it",
    value: ["on-request", "workspace-write"],
  },
  {
    label: "Full Access",
    detail: "edits and runs anything, network included, without asking",
    value: ["never", "danger-full-access"],
  },
];

/** /approvals: Codex's three presets. */
export function ApprovalsPicker({ host, onDone }: { host: TuiHost; onDone: () => void }) {
  const settings = host.sessionSettings;
  return (
    <SelectList
      title={`Approvals (current: ${settings?.approvalPolicy}, sandbox ${settings?.sandboxMode})`}
      items={PRESETS}
      onSelect={([policy, sandbox]) => {
        void host.setApprovals(policy, sandbox).finally(onDone);
      }}
      onCancel={onDone}
    />
  );
}
