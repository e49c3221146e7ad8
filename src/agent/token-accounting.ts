import { costFromPrices, reportedCost } from "../gateway/cost.js";
import type { TokenUsage } from "../gateway/items.js";
import type { ModelInfo } from "../gateway/models.js";
import { addUsage, percentContextLeft, ZERO_USAGE } from "./context-window.js";
import type { EventSink } from "./event-sink.js";
import { KeyBudget } from "./key-budget.js";
import type { ServedResponse } from "./model-client.js";
import type { RequestUsageRecord, TurnUsageRecord, UsageStatus } from "../protocol/events.js";
import { requestUsage, tokenUsageOf, type TurnUsageAccumulator } from "./usage-sums.js";

/**
 * The session's token accounting: its running totals, the tokens in context (they drive "% left"
 * and auto-compaction), and each served request's share of its turn's usage record.
 */
export class SessionUsage {
  private total: TokenUsage;
  private inContext: number;
  private readonly keyBudget = new KeyBudget();

  constructor(
    private readonly events: EventSink,
    /** Per-token prices of the active model, for costs LiteLLM does not report. */
    private readonly prices: () => Promise<ModelInfo | null>,
    private readonly contextWindow: () => number,
    restored: { totalUsage?: TokenUsage; tokensInContext?: number },
  ) {
    this.total = restored.totalUsage ?? ZERO_USAGE;
    this.inContext = restored.tokensInContext ?? 0;
  }

  /** Tokens the last response said were in context. */
  get tokensInContext(): number {
    return this.inContext;
  }

  /** The history was replaced by a compacted one: what was in context is gone. */
  compacted(): void {
    this.inContext = 0;
  }

  /**
   * Accounts one request LiteLLM served: to `turn`'s usage (cost as LiteLLM reported it, else
   * from the proxy's prices) and to the session's token totals. `inContext`: its tokens are what
   * the conversation now holds (a sampling request that completed).
   */
  async account(
    turn: TurnUsageAccumulator,
    kind: RequestUsageRecord["kind"],
    served: ServedResponse,
    inContext: boolean,
  ): Promise<void> {
    const { usage, meta } = served;
    const cost = reportedCost(meta) ?? (usage ? costFromPrices(usage, await this.prices()) : null);
    turn.add(requestUsage(kind, usage, meta, served.type === "completed" ? served.responseId : null, cost));
    this.record(tokenUsageOf(usage), inContext);
    if (meta?.key) {
      const { status, warning } = this.keyBudget.update(meta.key, cost);
      if (status) this.events.emit({ type: "key_status", status });
      if (warning) this.events.emit({ type: "warning", message: warning });
    }
  }

  /** Announces a turn's (or compaction's) usage record: the usage log's line. */
  finish(turn: TurnUsageAccumulator, status: UsageStatus): TurnUsageRecord {
    const key = this.keyBudget.status;
    const record = { ...turn.finish(status), ...(key && { key }) };
    this.events.emit({ type: "turn_usage", record });
    return record;
  }

  private record(last: TokenUsage, inContext: boolean): void {
    this.total = addUsage(this.total, last);
    if (inContext) this.inContext = last.total_tokens;
    const window = this.contextWindow();
    this.events.emitKept({
      type: "token_count",
      last,
      total: this.total,
      contextWindow: window,
      tokensInContext: this.inContext,
      percentLeft: percentContextLeft(this.inContext, window),
    });
  }
}
