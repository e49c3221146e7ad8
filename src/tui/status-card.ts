import Table from "cli-table3";
import type { TurnUsageRecord } from "../agent/protocol.js";
import type { NewCell, UiState } from "./state.js";
import { percentLeft } from "./state.js";

interface StatusSource {
  agentsFiles: string[];
  sessionSettings: { model: string; approvalPolicy: string; sandboxMode: string; reasoningEffort?: string };
}

const n = (v: number | null | undefined) => (v === null || v === undefined ? "–" : v.toLocaleString("en-US"));
const usd = (v: number | null) => (v === null ? "–" : `$${v.toFixed(v < 0.01 ? 6 : 4)}`);
const sum = (rows: TurnUsageRecord[], key: keyof TurnUsageRecord) => {
  const known = rows.map((r) => r[key]).filter((v): v is number => typeof v === "number");
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
};

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
    `Token usage:    total=${n(state.total?.total_tokens)} input=${n(state.total?.input_tokens)} (+ ${n(state.total?.cached_input_tokens)} cached) output=${n(state.total?.output_tokens)} (reasoning ${n(state.total?.reasoning_output_tokens)})`,
    "",
    "LiteLLM usage",
  ];
  if (state.usage.length === 0) {
    lines.push("  no turns yet");
  } else {
    const table = new Table({
      head: ["turn", "model", "effort", "prompt", "completion", "reasoning", "total", "cached", "cost"],
      style: { head: [], border: [] },
    });
    for (const r of state.usage) {
      table.push([r.turn, r.model, r.reasoning_effort ?? "–", n(r.prompt_tokens), n(r.completion_tokens), n(r.reasoning_tokens), n(r.total_tokens), n(r.cached_tokens), usd(r.cost_usd)]);
    }
    const rows = state.usage;
    table.push(["total", "", "", n(sum(rows, "prompt_tokens")), n(sum(rows, "completion_tokens")), n(sum(rows, "reasoning_tokens")), n(sum(rows, "total_tokens")), n(sum(rows, "cached_tokens")), usd(sum(rows, "cost_usd"))]);
    lines.push(...table.toString().split("\n"));
  }
  return { kind: "card", title: "/status", lines };
}
