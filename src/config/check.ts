// `codex-litellm config check [FILE]`: whether a config.toml can be used, and every key in it we
// do not use, named with the same notices a session shows at start-up.
import { existsSync } from "node:fs";
import path from "node:path";
import { UserError } from "../util/errors.js";
import { isTable } from "../util/tables.js";
import { keyReport, type KeyNotice } from "./key-notices.js";
import { readTomlFile } from "./toml-file.js";
import { validateConfigTable } from "./validate.js";

export interface ConfigCheck {
  notices: KeyNotice[];
  summary: string;
}

const STATUS_WORDS: Record<KeyNotice["status"], string> = {
  ignored: "not supported",
  "not-applicable": "not applicable",
  "not-yet-supported": "not yet supported",
  unknown: "unknown",
  "not-in-profile": "not settable in a profile",
};

/** Checks `file`; a file that cannot be used (missing, bad TOML, a bad value) throws one line. */
export async function checkConfigFile(file: string): Promise<ConfigCheck> {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new UserError(`${abs}: no such file`, 1);
  const { table } = await readTomlFile(abs);
  validateConfigTable(table, abs);
  const profile = typeof table.profile === "string" ? table.profile : undefined;
  if (profile !== undefined && !(isTable(table.profiles) && isTable(table.profiles[profile])))
    throw new UserError(`${abs}: profile = "${profile}" is not defined under [profiles]`, 1);
  const report = keyReport(table, abs);
  const counts = new Map<string, number>();
  for (const n of report.notices) counts.set(STATUS_WORDS[n.status], (counts.get(STATUS_WORDS[n.status]) ?? 0) + 1);
  const named = [...counts].map(([word, n]) => `${n} ${word}`).join(", ");
  return {
    notices: report.notices,
    summary:
      `${abs}: usable; ${report.honoured} key${report.honoured === 1 ? "" : "s"} used` +
      (report.notices.length ? `, ${report.notices.length} ignored and named above (${named})` : ", none ignored"),
  };
}
