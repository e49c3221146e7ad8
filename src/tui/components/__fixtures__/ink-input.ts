// Shared by the Ink component tests: a session as the footer and /status see it, typing into a
// rendered component one chunk at a time (Ink reads each write as one key press), an approval prompt.
import { render } from "ink-testing-library";
import React from "react";
import { vi } from "vitest";
import type { ApprovalDecision } from "../../../protocol/events.js";
import type { ApprovalQuestion } from "../../../tools/tool.js";
import type { UiState } from "../../state.js";
import { ApprovalPrompt } from "../ApprovalPrompt.js";

export const tick = () => new Promise((r) => setTimeout(r, 20));

export async function typeInto(stdin: { write(s: string): void }, ...chunks: string[]) {
  for (const chunk of chunks) {
    stdin.write(chunk);
    await tick();
  }
}

/** A configured session with a 100k window from config; `overrides` change single fields. */
export function testSession(overrides: Partial<NonNullable<UiState["session"]>> = {}): NonNullable<UiState["session"]> {
  return {
    sessionId: "s",
    model: "m",
    reasoningEffort: null,
    providerName: "LiteLLM",
    baseUrl: "http://x/v1",
    wireApi: "responses",
    cwd: "/",
    approvalPolicy: "never",
    sandboxMode: "read-only",
    contextWindow: { window: 100_000, source: "config" },
    rolloutPath: null,
    ...overrides,
  };
}

/** The approval prompt for `question`, rendered, with the mock that receives the decision. */
export function renderApproval(question: ApprovalQuestion) {
  const onDecide = vi.fn<(d: ApprovalDecision) => void>();
  return { ...render(React.createElement(ApprovalPrompt, { question, onDecide })), onDecide };
}
