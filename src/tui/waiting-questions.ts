// What the session asked the person and is waiting on: approval questions and the model's
// request_user_input questions, each answered in turn (the first one is shown).
import type { ApprovalDecision } from "../protocol/events.js";
import type { UserInputQuestion, UserInputResponse } from "../protocol/user-input.js";
import type { ApprovalQuestion } from "../tools/tool.js";

export interface PendingApproval {
  question: ApprovalQuestion;
  resolve(decision: ApprovalDecision): void;
}

/** request_user_input questions waiting for the user (null: dismissed by an interrupt). */
export interface PendingUserInput {
  id: number;
  questions: UserInputQuestion[];
  resolve(response: UserInputResponse | null): void;
}

export class WaitingQuestions {
  readonly approvals: PendingApproval[] = [];
  readonly userInputs: PendingUserInput[] = [];
  #asked = 0;

  approval(question: ApprovalQuestion): Promise<ApprovalDecision> {
    return new Promise((resolve) => this.approvals.push({ question, resolve }));
  }

  userInput(questions: UserInputQuestion[]): Promise<UserInputResponse | null> {
    return new Promise((resolve) => this.userInputs.push({ id: ++this.#asked, questions, resolve }));
  }

  /** An interrupt: every approval is answered "abort", every question dismissed. */
  dismissAll(): void {
    for (const pending of this.approvals.splice(0)) pending.resolve("abort");
    for (const pending of this.userInputs.splice(0)) pending.resolve(null);
  }
}
