import { parse, patch } from "@decimalturn/toml-patch";
import { readFileIfExists, writeFileAtomic } from "../util/fs.js";
import { isTable, type Table } from "../util/tables.js";
import { readTomlFile } from "./toml-file.js";
import { validateConfigTable } from "./validate.js";

/**
 * Edits config.toml in place: `mutate` changes a plain-object view of the file, and only
 * the keys it touched are rewritten — comments, ordering and keys we do not know survive.
 * The result is validated before it is written (atomically), so a bad edit never lands.
 */
export async function editConfigFile(file: string, mutate: (doc: Table) => void): Promise<void> {
  await readTomlFile(file); // surfaces a syntax error with line and column before editing
  const text = (await readFileIfExists(file)) ?? "";
  const doc = tableOf(parse(text));
  mutate(doc);
  const next = dropEmptyParentHeaders(patch(text, doc, { inlineTableStart: 2 }), text);
  validateConfigTable(tableOf(parse(next)), `${file} (after edit)`);
  if (next === text) return;
  await writeFileAtomic(file, next.endsWith("\n") ? next : `${next}\n`);
}

/**
 * Appends whole tables (`[a."b"]` blocks) at the end of config.toml, where a patch would write them
 * as a dotted key under a table the file only implies (`hooks.state = {…}` above `[[hooks.Stop]]`).
 * Checked like any edit before it is written.
 */
export async function appendConfigTables(file: string, blocks: readonly string[]): Promise<void> {
  if (blocks.length === 0) return;
  await readTomlFile(file);
  const text = (await readFileIfExists(file)) ?? "";
  const next = `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}\n${blocks.join("\n\n")}\n`;
  validateConfigTable(tableOf(parse(next)), `${file} (after edit)`);
  await writeFileAtomic(file, next);
}

/** A parsed TOML document, which is always a table. */
function tableOf(document: unknown): Table {
  if (!isTable(document)) throw new Error("a parsed TOML document is not a table");
  return document;
}

/**
 * The patcher writes `[model_providers]` with nothing under it before a new
 * `[model_providers.litellm]`; such a header says nothing (the sub-table implies it), so one the
 * edit added is dropped. Headers the file already had stay as the user wrote them.
 */
function dropEmptyParentHeaders(next: string, before: string): string {
  return next.replace(/^\[([^\]\n]+)\]\n(?:[ \t]*\n)*(?=\[\1\.)/gm, (header: string, name: string) =>
    before.split("\n").some((line) => line.trim() === `[${name}]`) ? header : "",
  );
}

/** The model (and its reasoning effort, or none) saved as the default, as /model's "save" does. */
export function saveModelChoice(file: string, model: string, effort: string | undefined): Promise<void> {
  return editConfigFile(file, (doc) => {
    doc.model = model;
    if (effort) doc.model_reasoning_effort = effort;
    else delete doc.model_reasoning_effort;
  });
}
