import React from "react";
import { APPROVAL_PRESETS } from "../../agent/approval-presets.js";
import type { TuiHost } from "../host.js";
import { SelectList } from "./SelectList.js";

/** /approvals: Codex's three presets. */
export function ApprovalsPicker({ host, onDone }: { host: TuiHost; onDone: () => void }) {
  const settings = host.sessionSettings;
  return (
    <SelectList
      title={`Approvals (current: ${settings?.approvalPolicy}, sandbox ${settings?.sandboxMode})`}
      items={[...APPROVAL_PRESETS]}
      onSelect={([policy, sandbox]) => {
        void host.setApprovals(policy, sandbox).finally(onDone);
      }}
      onCancel={onDone}
    />
  );
}
