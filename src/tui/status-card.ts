import { countOf, formatWithSeparators } from "../util/numbers.js";
import Table from "cli-table3";
import { WINDOW_SOURCE_TEXT } from "../agent/model-profile.js";
import type { TurnUsageRecord } from "../protocol/events.js";
import { sumUsage, type UsageFigures } from "../agent/usage-sums.js";
import { keyStatusText } from "../agent/key-budget.js";
import { formatTokenUsage } from "../headless/format.js";
import { formatUsd } from "../util/numbers.js";
import { tildePath } from "../util/paths.js";
import type { NewCell, UiState } from "./state.js";
import { percentLeft } from "./state.js";

interface StatusSource {
  agentsFiles: string[];
  sessionSettings: { model: string; approvalPolicy: string; sandboxMode: string; reasoningEffort?: string };
}

const n = (v: number | null | undefined) => (v === null || v === undefined ? "–" : formatWithSeparators(v));
const usd = (v: number | null) => (v === null ? "–" : formatUsd(v));
/** The turn column: its number, or `compaction` for one outside a turn, and how it ended when it did not complete. */
const turnCell = (r: TurnUsageRecord) =>
  `${r.kind === "compaction" ? "compaction" : r.turn}${r.status === "completed" ? "" : ` (${r.status})`}`;
/** The figures of a row; cache writes only when some record knows them (a backend with cache breakpoints). */
const figures = (u: UsageFigures, writes: boolean) => [
  n(u.prompt_tokens),
  n(u.cached_tokens),
  ...(writes ? [n(u.cache_write_tokens)] : []),
  n(u.completion_tokens),
  n(u.reasoning_tokens),
  n(u.total_tokens),
  usd(u.cost_usd),
];

/**
 * The usage records one per line block, for a terminal narrower than the table (80 columns):
 * the same figures, labelled, so nothing wraps into its neighbour.
 */
function stackedUsage(
  rows: { label: string; model: string; effort: string; requests: number; figures: string[] }[],
  writes: boolean,
): string[] {
  return rows.flatMap(({ label, model, effort, requests, figures }) => {
    const [prompt, cached, ...rest] = figures;
    const written = writes ? `, written to cache ${rest.shift()}` : "";
    const [completion, reasoning, total, cost] = rest;
    return [
      `  ${label}${model ? ` · ${model}` : ""}${effort ? ` · effort ${effort}` : ""} · ${countOf(requests, "request")}`,
      `    prompt ${prompt}, of which cached ${cached}${written} · completion ${completion}, reasoning ${reasoning}`,
      `    total ${total} · cost ${cost}`,
    ];
  });
}

/** The key's budget and limits, when the proxy reported any. */
function keyLines(state: UiState): string[] {
  const text = state.keyStatus && keyStatusText(state.keyStatus);
  return text ? [`LiteLLM key:    ${text}`] : [];
}

/**
 * The /status card: session settings, context window, token totals and the LiteLLM usage card.
 * `width`: the columns the card's text has; a usage table wider than that is shown stacked.
 */
export function statusCard(source: StatusSource, state: UiState, width = Infinity): NewCell {
  const s = state.session;
  const settings = source.sessionSettings;
  const window = s?.contextWindow.window ?? 0;
  const left = percentLeft(state);
  const lines = [
    `Session:        ${s?.sessionId ?? "–"}`,
    `Model:          ${settings.model}${settings.reasoningEffort ? ` (reasoning ${settings.reasoningEffort})` : ""}`,
    `Provider:       ${s ? `${s.providerName} ${s.baseUrl} (${s.wireApi})` : "–"}`,
    `Directory:      ${s ? tildePath(s.cwd) : "–"}`,
    `Approval:       ${settings.approvalPolicy}`,
    `Sandbox:        ${settings.sandboxMode}`,
    `AGENTS.md:      ${source.agentsFiles.length ? source.agentsFiles.map((f) => tildePath(f)).join(", ") : "(none)"}`,
    `Context window: ${left ?? "–"}% left (${n(state.tokensInContext)} used / ${n(window)}, from ${WINDOW_SOURCE_TEXT[s?.contextWindow.source ?? "baseline"]})`,
    ...(s?.catalogSettings ?? []).map(
      ([name, value]) => `${`${name[0]?.toUpperCase()}${name.slice(1)}:`.padEnd(15)} ${value} (from the model catalog)`,
    ),
    `Token usage:    ${state.total ? formatTokenUsage(state.total).slice("Token usage: ".length) : "–"}`,
    ...keyLines(state),
    "",
    "LiteLLM usage",
  ];
  if (state.usage.length === 0) {
    lines.push("  no turns yet");
  } else {
    const requests = state.usage.reduce((sum, r) => sum + r.requests, 0);
    const writes = state.usage.some((r) => (r.cache_write_tokens ?? null) !== null);
    const rows = [
      ...state.usage.map((r) => ({
        label: turnCell(r),
        model: r.model,
        effort: r.reasoning_effort ?? "–",
        requests: r.requests,
        figures: figures(r, writes),
      })),
      { label: "total", model: "", effort: "", requests, figures: figures(sumUsage(state.usage), writes) },
    ];
    const table = new Table({
      head: [
        "turn",
        "model",
        "effort",
        "requests",
        "prompt",
        "of which cached",
        ...(writes ? ["cache writes"] : []),
        "completion",
        "reasoning",
        "total",
        "cost",
      ],
      style: { head: [], border: [] },
    });
    for (const row of rows) table.push([row.label, row.model, row.effort, n(row.requests), ...row.figures]);
    const tableLines = table.toString().split("\n");
    lines.push(...((tableLines[0]?.length ?? 0) <= width ? tableLines : stackedUsage(rows, writes)));
  }
  return { kind: "card", title: "/status", lines };
}
