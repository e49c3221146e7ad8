// The key's budget and limits as the proxy reports them on every response (no extra request):
// the spend after each request, what is left, warnings once at 80% and 95% of the budget.
import type { KeyHeaders } from "../gateway/types.js";
import { formatUsd, formatWithSeparators } from "../util/numbers.js";
import type { KeyStatus } from "../protocol/events.js";

const WARN_AT = [95, 80] as const;

export class KeyBudget {
  private warned = 0;
  private last: KeyStatus | null = null;

  /** The latest status (null until a response carried the key's headers). */
  get status(): KeyStatus | null {
    return this.last;
  }

  /**
   * Takes one response's headers and the request's cost: LiteLLM's spend header is the spend
   * *before* the request (its cost is not known when a stream's headers go out), so the spend
   * after it is the header plus this request's cost. Returns the status and, the first time the
   * spend crosses 80% or 95% of the budget, a warning. A key with neither a budget nor limits
   * has nothing to show (its spend alone is no budget): null.
   */
  update(headers: KeyHeaders, requestCostUsd: number | null): { status: KeyStatus | null; warning: string | null } {
    const shown = Object.entries(headers).filter(([name, value]) => name !== "spend_usd" && value !== null);
    if (shown.length === 0) return { status: null, warning: null };
    const spent = headers.spend_usd === null ? null : roundUsd(headers.spend_usd + (requestCostUsd ?? 0));
    const budget = headers.max_budget_usd;
    const remaining = spent !== null && budget !== null ? roundUsd(Math.max(0, budget - spent)) : null;
    const usedPct = spent !== null && budget !== null && budget > 0 ? (spent / budget) * 100 : null;
    const status: KeyStatus = {
      spend_usd: spent,
      max_budget_usd: budget,
      remaining_usd: remaining,
      rpm_limit: headers.rpm_limit,
      tpm_limit: headers.tpm_limit,
      remaining_requests: headers.remaining_requests,
      remaining_tokens: headers.remaining_tokens,
      limit_requests: headers.limit_requests,
      limit_tokens: headers.limit_tokens,
    };
    this.last = status;
    const threshold = usedPct === null ? undefined : WARN_AT.find((pct) => usedPct >= pct);
    if (threshold === undefined || threshold <= this.warned || spent === null || budget === null)
      return { status, warning: null };
    this.warned = threshold;
    return {
      status,
      warning: `LiteLLM budget: ${Math.floor(usedPct ?? 0)}% used, ${formatUsd(spent)} of ${formatUsd(budget)} spent, ${formatUsd(remaining ?? 0)} left (ask the proxy's admin for more)`,
    };
  }
}

/** To 1e-10 USD, as costs are kept (src/gateway/cost.ts): no float dust in what is shown. */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}

/** `$2.00 left of $10.00` (or the spend when there is no budget); null when the proxy said nothing about money. */
export function budgetSummary(status: KeyStatus | null): string | null {
  if (!status) return null;
  if (status.remaining_usd !== null && status.max_budget_usd !== null)
    return `${formatUsd(status.remaining_usd)} left of ${formatUsd(status.max_budget_usd)}`;
  return null;
}

/** `$1.49 left of $10.00 (spent $8.51) · limits 50 rpm, 1,000 tpm · remaining 49 requests, 990 tokens`, what is known of it. */
export function keyStatusText(status: KeyStatus): string | null {
  const parts: string[] = [];
  const left = budgetSummary(status);
  if (left) parts.push(`${left}${status.spend_usd !== null ? ` (spent ${formatUsd(status.spend_usd)})` : ""}`);
  const n = (v: number | null, unit: string) => (v === null ? null : `${formatWithSeparators(v)} ${unit}`);
  const limits = [
    n(status.rpm_limit ?? status.limit_requests, "rpm"),
    n(status.tpm_limit ?? status.limit_tokens, "tpm"),
  ];
  if (limits.some(Boolean)) parts.push(`limits ${limits.filter(Boolean).join(", ")}`);
  const remaining = [n(status.remaining_requests, "requests"), n(status.remaining_tokens, "tokens")];
  if (remaining.some(Boolean)) parts.push(`remaining ${remaining.filter(Boolean).join(", ")}`);
  return parts.length ? parts.join(" · ") : null;
}
