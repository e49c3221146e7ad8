// Shared by the Ink component tests: a session as the footer and /status see it, and typing
// into a rendered component one chunk at a time (Ink reads each write as one key press).
import type { UiState } from "../../state.js";

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
