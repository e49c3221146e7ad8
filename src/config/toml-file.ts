import { parse, TomlError } from "smol-toml";
import { UserError } from "../util/errors.js";
import { readFileIfExists } from "../util/fs.js";
import type { Table } from "../util/tables.js";

/** Reads and parses config.toml; a missing file is an empty table. */
export async function readTomlFile(file: string): Promise<{ table: Table; text: string | undefined }> {
  const text = await readFileIfExists(file);
  if (text === undefined) return { table: {}, text };
  try {
    return { table: parse(text), text };
  } catch (err) {
    if (err instanceof TomlError) {
      const reason = err.message.split("\n")[0]?.replace(/^Invalid TOML document:\s*/i, "") ?? "invalid TOML";
      throw new UserError(`${file}:${err.line}:${err.column}: TOML syntax error: ${reason}`);
    }
    throw err;
  }
}
