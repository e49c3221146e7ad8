import type { CheckStatus, DoctorCheck } from "./check-result.js";

const MARK: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✗", skip: "–" };

/** One line per check (`✓ key  LITELLM_API_KEY accepted: …`), a `fix:` line under failures and warnings, then a summary. */
export function formatChecks(checks: readonly DoctorCheck[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${MARK[c.status]} ${c.name.padEnd(width)}  ${c.detail}`);
    if (c.hint) lines.push(`  ${" ".repeat(width)}  fix: ${c.hint}`);
  }
  const count = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  const warnings = count("warn");
  const warned = warnings ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : "";
  lines.push("", `${count("ok")} ok, ${count("fail")} failed${warned}, ${count("skip")} skipped`);
  return `${lines.join("\n")}\n`;
}
