// The choices of `session/request_permission` and what each means to the session, as the UI's
// approval prompt offers them: once, for the rest of the session, or no.
import type { PermissionOption, RequestPermissionOutcome } from "@agentclientprotocol/sdk";
import type { ApprovalDecision } from "../protocol/events.js";

const CHOICES: { option: PermissionOption; decision: ApprovalDecision }[] = [
  { option: { optionId: "approved", name: "Yes", kind: "allow_once" }, decision: "approved" },
  {
    option: { optionId: "approved_for_session", name: "Yes, and don't ask again this session", kind: "allow_always" },
    decision: "approved_for_session",
  },
  { option: { optionId: "denied", name: "No", kind: "reject_once" }, decision: "denied" },
];

export const PERMISSION_OPTIONS: PermissionOption[] = CHOICES.map((c) => c.option);

/** The client's answer as a decision; a withdrawn question (`cancelled`) stops the turn, as the UI's Esc. */
export function decisionOf(outcome: RequestPermissionOutcome): ApprovalDecision {
  if (outcome.outcome !== "selected") return "abort";
  return CHOICES.find((c) => c.option.optionId === outcome.optionId)?.decision ?? "denied";
}
