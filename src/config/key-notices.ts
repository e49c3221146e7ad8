// The start-up notices for config keys codex-litellm does not use: each such key is named once,
// with why (not supported, not applicable, unknown, or in the wrong table and where it belongs),
// as upstream names the keys it does not recognise. Never an error: the file is upstream's too.
import { isTable, type Table } from "../util/tables.js";
import { belongsUnder, hasChildRows, knownKey } from "./known-key-lookup.js";
import type { KeyStatus } from "./known-keys.js";

export interface KeyNotice {
  /** The key as written, dotted (`profiles.safe.sandbox_workspace_write`). */
  key: string;
  status: Exclude<KeyStatus, "honoured"> | "unknown" | "not-in-profile";
  /** One line: `<where>: <key>: <why>`. */
  text: string;
}

export interface KeyReport {
  notices: KeyNotice[];
  /** How many keys (leaves) are read and acted on. */
  honoured: number;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
export const displayKey = (keys: readonly string[]) =>
  keys.map((k) => (BARE_KEY.test(k) ? k : JSON.stringify(k))).join(".");

/** Walks `table` (from `where`: a file or a `-c` flag) and names every key that is not used. */
export function keyReport(table: Table, where: string): KeyReport {
  const report: KeyReport = { notices: [], honoured: 0 };
  walk(table, [], where, report);
  return report;
}

function walk(table: Table, at: string[], where: string, report: KeyReport): void {
  for (const [name, value] of Object.entries(table)) {
    const keys = [...at, name];
    const row = knownKey(keys);
    if (row?.status === "honoured") {
      if (isTable(value) && hasChildRows(row)) walk(value, keys, where, report);
      else report.honoured += 1;
      continue;
    }
    const key = displayKey(keys);
    const say = (status: KeyNotice["status"], why: string) =>
      report.notices.push({ key, status, text: `${where}: ${key}: ${why}` });
    const note = row?.note ? ` (${row.note})` : "";
    if (row?.status === "ignored") say("ignored", `not supported by codex-litellm; ignored${note}`);
    else if (row?.status === "not-applicable") say("not-applicable", `not applicable to codex-litellm; ignored${note}`);
    else if (row?.status === "not-yet-supported") say("not-yet-supported", `not yet supported; ignored${note}`);
    else if (at[0] === "profiles" && at.length === 2 && knownKey([name])) {
      say(
        "not-in-profile",
        `a profile cannot set ${name} (upstream ignores it there too); ignored — set it at the top level of the file`,
      );
    } else {
      const home = belongsUnder(name, at);
      say("unknown", home ? `unknown key here; it belongs under ${home}; ignored` : "unknown key; ignored");
    }
  }
}
