import Table from "cli-table3";
import type { TurnUsageRecord } from "../agent/protocol.js";
import { sumUsage, type UsageFigures } from "../agent/turn-usage.js";
import { formatTokenUsage, formatUsd } from "../exec/format.js";
import type { NewCell, UiState } from "./state.js";
import { percentLeft } from "./state.js";

interface StatusSource {
  agentsFiles: string[];
  sessionSettings: { model: string; approvalPolicy: string; sandboxMode: string; reasoningEffort?: string };
}

const n = (v: number | null | undefined) => (v === null || v === undefined ? "–" : v.toLocaleString("en-US"));
const usd = (v: number | null) => (v === null ? "–" : formatUsd(v));
/** The turn column: its number, or `compaction` for one outside a turn, and how it ended when it did not complete. */
const turnCell = (r: TurnUsageRecord) => `${r.kind === "compaction" ? "compaction" : r.turn}${r.status === "completed" ? "" : ` (${r.status})`}`;
const figures = (u: UsageFigures) => [n(u.prompt_tokens), n(u.cached_tokens), n(u.completion_tokens), n(u.reasoning_tokens), n(u.total_tokens), usd(u.cost_usd)];

/** The /status card: session settings, context window, token totals and the LiteLLM usage card. */
export function statusCard(source: StatusSource, state: UiState): NewCell {
  const s = state.session;
  const settings = source.sessionSettings;
  const window = s?.contextWindow.window ?? 0;
  const left = percentLeft(state);
  const lines = [
    `Session:        ${s?.sessionId ?? "–"}`,
    `Model:          ${settings.model}${settings.reasoningEffort ? ` (reasoning ${settings.reasoningEffort})` : ""}`,
    `Provider:       ${s ? `${s.providerName} ${s.baseUrl} (${s.wireApi})` : "–"}`,
    `Directory:      ${s?.cwd ?? "–"}`,
    `Approval:       ${settings.approvalPolicy}`,
    `Sandbox:        ${settings.sandboxMode}`,
    `AGENTS.md:      ${source.agentsFiles.length ? source.agentsFiles.join(", ") : "(none)"}`,
    `Context window: ${left ?? "–"}% left (${n(state.tokensInContext)} used / ${n(window)}, from ${s?.contextWindow.source === "config" ? "config" : s?.contextWindow.source === "model_info" ? "the proxy's /model/info" : "the 130k baseline"})`,
    `Token usage:    ${state.total ? formatTokenUsage(state.total).slice("Token usage: ".length) : "–"}`,
    "",
    "LiteLLM usage",
  ];
  if (state.usage.length === 0) {
    lines.push("  no turns yet");
  } else {
    const table = new Table({
      head: ["turn", "model", "effort", "requests", "prompt", "of which cached", "completion", "reasoning", "total", "cost"],
      style: { head: [], border: [] },
    });
    for (const r of state.usage) table.push([turnCell(r), r.model, r.reasoning_effort ?? "–", n(r.requests), ...figures(r)]);
    const requests = state.usage.reduce((sum, r) => sum + r.requests, 0);
    table.push(["total", "", "", n(requests), ...figures(sumUsage(state.usage))]);
    lines.push(...table.toString().split("\n"));
  }
  return { kind: "card", title: "/status", lines };
}
