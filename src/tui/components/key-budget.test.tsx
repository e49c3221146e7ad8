// The key's budget as the proxy reports it: the spend after a request, warnings once at 80% and
// 95%, the UI footer and /status (exec's line and the usage log: test/e2e/team-proxy.litellm.test.ts).
import { render } from "ink-testing-library";
import React from "react";
import { describe, expect, it } from "vitest";
import { KeyBudget } from "../../agent/key-budget.js";
import type { AgentEvent, KeyHeaders } from "../../protocol/events.js";
import { initialState, reduce, type UiState } from "../state.js";
import { statusCard } from "../status-card.js";
import { Footer } from "./Footer.js";
import { testSession } from "./__fixtures__/ink-input.js";

const cardLines = (cell: ReturnType<typeof statusCard>): string[] => (cell.kind === "card" ? cell.lines : []);

const headers = (spend: number | null, budget: number | null, extra: Partial<KeyHeaders> = {}): KeyHeaders => ({
  spend_usd: spend,
  max_budget_usd: budget,
  rpm_limit: null,
  tpm_limit: null,
  remaining_requests: null,
  remaining_tokens: null,
  limit_requests: null,
  limit_tokens: null,
  ...extra,
});

describe("KeyBudget", () => {
  it("adds the request's cost to the spend before it, and warns once at 80% and once at 95%", () => {
    const budget = new KeyBudget();
    const first = budget.update(headers(7.9, 10), 0.05);
    expect(first.status).toMatchObject({ spend_usd: 7.95, remaining_usd: 2.05 });
    expect(first.warning).toBeNull();
    expect(budget.update(headers(7.95, 10), 0.1).warning).toBe(
      "LiteLLM budget: 80% used, $8.05 of $10.00 spent, $1.95 left (ask the proxy's admin for more)",
    );
    expect(budget.update(headers(8.05, 10), 0.1).warning).toBeNull();
    expect(budget.update(headers(9.4, 10), 0.2).warning).toMatch(/^LiteLLM budget: 96% used/);
    expect(budget.update(headers(9.6, 10), 0.2).warning).toBeNull();
  });

  it("a key with neither a budget nor limits has nothing to show", () => {
    expect(new KeyBudget().update(headers(3, null), 0.1)).toEqual({ status: null, warning: null });
  });
});

describe("the UI", () => {
  const session = testSession();
  const withStatus = (status: Parameters<KeyBudget["update"]>[0]): UiState => {
    const reported = new KeyBudget().update(status, 0).status;
    const events: AgentEvent[] = reported ? [{ type: "key_status", status: reported }] : [];
    return events.reduce(reduce, { ...initialState, session });
  };
  const source = {
    agentsFiles: [],
    sessionSettings: { model: "m", approvalPolicy: "never", sandboxMode: "read-only" },
  };

  it("shows what is left of the budget in the footer and the key's figures in /status", () => {
    const state = withStatus(headers(8.5, 10, { rpm_limit: 50, tpm_limit: 100_000 }));
    expect(render(<Footer state={state} model="m" />).lastFrame()).toContain("$1.50 left of $10.00");
    expect(cardLines(statusCard(source, state))).toContain(
      "LiteLLM key:    $1.50 left of $10.00 (spent $8.50) · limits 50 rpm, 100,000 tpm",
    );
  });

  it("shows nothing of a budget the proxy did not report", () => {
    const state = withStatus(headers(8.5, null));
    expect(render(<Footer state={state} model="m" />).lastFrame()).not.toContain("left of");
    expect(cardLines(statusCard(source, state)).join("\n")).not.toContain("LiteLLM key");
  });
});
